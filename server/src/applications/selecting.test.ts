import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { openCall } from '../testing/applications.ts'
import { importCivicBasics } from '../testing/learning.ts'
import {
  associationId,
  bearer,
  createUser,
  municipalityId,
  type TestUser,
  tokenFor,
} from '../testing/factories.ts'

const as = (app: FastifyInstance, user: TestUser) => bearer(tokenFor(app, user))

interface Applicant {
  user: TestUser
  candidateId: string
}

/**
 * A person call with two places and a criterion of every kind: C (18 points) and A (17.5, not a
 * first-timer) from Kragujevac, B (13, a woman) from Subotica, E (3) from Beograd, which the
 * cluster already has, and D from Malmö, who fails every eligibility rule.
 */
async function setUp(app: FastifyInstance) {
  const [kragujevac, subotica, beograd] = await Promise.all([
    municipalityId(app, 'RS', 'Kragujevac'),
    municipalityId(app, 'RS', 'Subotica'),
    municipalityId(app, 'RS', 'Beograd'),
  ])
  const fixture = await openCall(app, {
    places: 2,
    criteria: {
      eligibility: [
        { kind: 'country', countryCodes: ['RS'] },
        { kind: 'municipality', municipalityIds: [kragujevac, subotica, beograd] },
        { kind: 'complete', requiredQuestions: ['experience'] },
        { kind: 'language', language: 'sr' },
        { kind: 'yes', question: 'supervisor' },
      ],
      scores: [
        { kind: 'choice', question: 'experience', points: { none: 0, some: 2, much: 5 } },
        { kind: 'position', points: { officer: 1, mayor: 3 } },
        { kind: 'first-time', points: 2 },
        { kind: 'new-municipality', points: 4 },
        { kind: 'number-scaled', question: 'years', pointsPerUnit: 0.5, max: 5 },
        { kind: 'number-threshold', question: 'years', atLeast: 10, points: 1 },
        { kind: 'yes', question: 'council-membership', points: 1.5 },
      ],
      balance: [
        { kind: 'per-municipality', max: 1 },
        { kind: 'group-count', attribute: 'gender', value: 'woman', min: 1 },
      ],
    },
  })
  const { callId, clusterId, coordinator } = fixture
  // Beograd is represented already; A was a member of another cluster of skgo.
  const resident = await createUser(app, { municipality: { country: 'RS', name: 'Beograd' } })
  await app.db
    .insertInto('clusterMembers')
    .values({ clusterId, userId: resident.id, source: 'assignment' })
    .execute()
  const apply = async (
    place: [string, string],
    answers: Record<string, unknown>,
    candidate: Record<string, unknown>,
  ): Promise<Applicant> => {
    const user = await createUser(app, { municipality: { country: place[0], name: place[1] } })
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/calls/${callId}/application/submission`,
      headers: as(app, user),
      payload: {
        answers: { motivation: 'To serve everyone.', ...answers },
        candidates: [candidate],
      },
    })
    expect(response.statusCode, response.body).toBe(200)
    return { user, candidateId: response.json().candidates[0].id }
  }
  const A = await apply(
    ['RS', 'Kragujevac'],
    { experience: 'much', years: 20, 'council-membership': true, supervisor: true },
    { position: 'officer', languages: ['sr'], declared: { gender: 'man' } },
  )
  const B = await apply(
    ['RS', 'Subotica'],
    { experience: 'some', years: 4, supervisor: true },
    { position: 'mayor', languages: ['sr'], declared: { gender: 'woman', community: 'hungarian' } },
  )
  const C = await apply(
    ['RS', 'Kragujevac'],
    { experience: 'much', years: 30, supervisor: true },
    { position: 'officer', languages: ['sr', 'en'], declared: { gender: 'man' } },
  )
  const D = await apply(
    ['SE', 'Malmö'],
    { supervisor: false },
    { position: 'officer', languages: ['en'] },
  )
  const E = await apply(
    ['RS', 'Beograd'],
    { experience: 'none', years: 0, supervisor: true },
    { position: 'officer', languages: ['sr'] },
  )
  const { id: earlier } = await app.db
    .insertInto('clusters')
    .values({
      associationId: await associationId(app, 'skgo'),
      name: 'Earlier cluster',
      startsOn: '2025-01-01',
      endsOn: '2025-06-01',
      capacity: 10,
      status: 'closed',
      createdBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await app.db
    .insertInto('clusterMembers')
    .values({ clusterId: earlier, userId: A.user.id, source: 'assignment', leftAt: new Date() })
    .execute()
  return { ...fixture, coordinator, A, B, C, D, E }
}

const audits = (app: FastifyInstance, action: string) =>
  app.db
    .selectFrom('auditEvents')
    .select(['subject', 'details'])
    .where('action', '=', action)
    .execute()
const mailTo = (app: FastifyInstance, address: string) =>
  app.db
    .selectFrom('outboxMessages')
    .select(['subject', 'text'])
    .where('recipient', '=', address)
    .orderBy('createdAt')
    .execute()
const members = (app: FastifyInstance, clusterId: string) =>
  app.db
    .selectFrom('clusterMembers')
    .select(['userId', 'source'])
    .where('clusterId', '=', clusterId)
    .where('leftAt', 'is', null)
    .execute()

describe('selecting among applications', () => {
  it('ranks with the score per criterion and the failed rules, proposes under limits and targets, and shows declared answers only to the association’s coordinators', async ({
    app,
  }) => {
    const s = await setUp(app)
    const ranking = await app.inject({
      method: 'GET',
      url: `/api/v1/calls/${s.callId}/applications`,
      headers: as(app, s.coordinator),
    })
    expect(ranking.statusCode, ranking.body).toBe(200)
    const body = ranking.json()
    expect(body).toMatchObject({ places: 2, accepted: 0, declaredVisible: true, total: 5 })
    const order = body.items.map((item: { candidateId: string }) => item.candidateId)
    expect(order).toEqual([s.C, s.A, s.B, s.E, s.D].map((a) => a.candidateId))
    const byId = new Map(
      body.items.map((item: { candidateId: string }) => [item.candidateId, item]),
    )
    const points = (a: Applicant) =>
      (byId.get(a.candidateId) as { breakdown: { kind: string; points: number }[] }).breakdown.map(
        (line) => `${line.kind}:${line.points}`,
      )
    expect(byId.get(s.A.candidateId)).toMatchObject({ score: 17.5, rank: 2, firstTime: false })
    expect(points(s.A)).toEqual([
      'choice:5',
      'position:1',
      'first-time:0',
      'new-municipality:4',
      'number-scaled:5',
      'number-threshold:1',
      'yes:1.5',
    ])
    expect(points(s.B)).toEqual([
      'choice:2',
      'position:3',
      'first-time:2',
      'new-municipality:4',
      'number-scaled:2',
      'number-threshold:0',
      'yes:0',
    ])
    expect(byId.get(s.E.candidateId)).toMatchObject({ score: 3, firstTime: true })
    expect(points(s.E)).toContain('new-municipality:0')
    expect(byId.get(s.D.candidateId)).toMatchObject({
      eligible: false,
      rank: null,
      failed: [
        { rule: 0, kind: 'country' },
        { rule: 1, kind: 'municipality' },
        { rule: 2, kind: 'complete' },
        { rule: 3, kind: 'language' },
        { rule: 4, kind: 'yes' },
      ],
    })
    expect(byId.get(s.B.candidateId)).toMatchObject({
      declared: { gender: 'woman', community: 'hungarian' },
      municipality: { name: 'Subotica', countryCode: 'RS' },
    })

    // Admins select, but do not see the declared answers; the cluster's trainers read the list
    // without them; another association's coordinator and other trainers find no such call.
    const admin = await createUser(app, { roles: ['admin'] })
    const trainer = await createUser(app, { roles: ['trainer'], association: 'skgo' })
    await app.db
      .insertInto('clusterTrainers')
      .values({ clusterId: s.clusterId, userId: trainer.id })
      .execute()
    for (const reader of [admin, trainer]) {
      const view = await app.inject({
        method: 'GET',
        url: `/api/v1/calls/${s.callId}/applications`,
        headers: as(app, reader),
      })
      expect(view.statusCode).toBe(200)
      expect(view.json().declaredVisible).toBe(false)
      expect(view.body).not.toContain('hungarian')
      expect(view.json().items.every((item: object) => !('declared' in item))).toBe(true)
    }
    const otherCoordinator = await createUser(app, { roles: ['coordinator'], association: 'zels' })
    const otherTrainer = await createUser(app, { roles: ['trainer'], association: 'skgo' })
    for (const stranger of [otherCoordinator, otherTrainer]) {
      const view = await app.inject({
        method: 'GET',
        url: `/api/v1/calls/${s.callId}/applications`,
        headers: as(app, stranger),
      })
      expect(view.statusCode).toBe(404)
      expect(view.body).not.toContain('hungarian')
    }
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/calls/${s.callId}/proposal`,
          headers: as(app, trainer),
        })
      ).statusCode,
    ).toBe(403)

    const proposal = await app.inject({
      method: 'GET',
      url: `/api/v1/calls/${s.callId}/proposal`,
      headers: as(app, s.coordinator),
    })
    expect(proposal.statusCode, proposal.body).toBe(200)
    expect(proposal.json()).toMatchObject({
      places: 2,
      accepted: 0,
      remaining: 2,
      selected: [s.C.candidateId, s.B.candidateId],
      inByBalance: [s.B.candidateId],
      outByBalance: [s.A.candidateId],
      targets: [{ rule: 1, met: true, required: 1, achieved: 1 }],
    })
  })

  it('decides all or nothing, audits and e-mails each decision, admits the accepted, and gives freed places to the wait-list', async ({
    app,
  }) => {
    const s = await setUp(app)
    const headers = as(app, s.coordinator)
    const decide = (decisions: object[]) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/calls/${s.callId}/decisions`,
        headers,
        payload: { decisions },
      })
    const undecided = async () =>
      (
        await app.db
          .selectFrom('applicationCandidates')
          .select('decision')
          .where('decision', '<>', 'pending')
          .execute()
      ).length

    const noReason = await decide([
      { candidateId: s.C.candidateId, decision: 'accepted' },
      { candidateId: s.D.candidateId, decision: 'rejected' },
    ])
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/decisions/1/reason', reason: 'required' }),
    ])
    const tooMany = await decide(
      [s.A, s.B, s.C].map((a) => ({ candidateId: a.candidateId, decision: 'accepted' })),
    )
    expect(tooMany.statusCode).toBe(409)
    expect(await undecided()).toBe(0)
    expect(await members(app, s.clusterId)).toHaveLength(1)
    expect(await mailTo(app, s.A.user.email)).toHaveLength(0)

    const decided = await decide([
      { candidateId: s.C.candidateId, decision: 'accepted' },
      { candidateId: s.B.candidateId, decision: 'accepted' },
      { candidateId: s.A.candidateId, decision: 'wait-listed', reason: 'One per municipality.' },
      { candidateId: s.E.candidateId, decision: 'wait-listed', reason: 'Places are full.' },
      { candidateId: s.D.candidateId, decision: 'rejected', reason: 'Not eligible.' },
    ])
    expect(decided.statusCode, decided.body).toBe(200)
    expect(decided.json()).toMatchObject({ accepted: 2, places: 2, promoted: [], invited: [] })
    expect(await audits(app, 'application.decided')).toHaveLength(5)
    const rejection = (await mailTo(app, s.D.user.email))[0]!
    expect(rejection.text).toContain('Not eligible.')
    expect(rejection.text).toContain('/learn/applications')
    expect((await mailTo(app, s.A.user.email))[0]!.subject).toContain('waiting list')
    expect(await members(app, s.clusterId)).toEqual(
      expect.arrayContaining([
        { userId: s.B.user.id, source: 'selection' },
        { userId: s.C.user.id, source: 'selection' },
      ]),
    )

    // B gives the place back: A, the best-ranked on the wait-list, is accepted instead.
    const stranger = await app.inject({
      method: 'POST',
      url: `/api/v1/application-candidates/${s.B.candidateId}/decline`,
      headers: as(app, s.A.user),
      payload: {},
    })
    expect(stranger.statusCode).toBe(404)
    const declined = await app.inject({
      method: 'POST',
      url: `/api/v1/application-candidates/${s.B.candidateId}/decline`,
      headers: as(app, s.B.user),
      payload: { reason: 'I changed jobs.' },
    })
    expect(declined.statusCode, declined.body).toBe(200)
    expect(declined.json()).toEqual({
      candidateId: s.B.candidateId,
      decision: 'declined',
      promoted: [s.A.candidateId],
    })
    expect((await mailTo(app, s.A.user.email)).at(-1)!.subject).toContain('place has become free')
    expect((await audits(app, 'application.promoted')).map((a) => a.subject)).toEqual([
      s.A.candidateId,
    ])
    expect((await audits(app, 'application.declined')).map((a) => a.subject)).toEqual([
      s.B.candidateId,
    ])
    const now = (await members(app, s.clusterId)).map((m) => m.userId)
    expect(now).toContain(s.A.user.id)
    expect(now).not.toContain(s.B.user.id)

    // C withdraws the application: E is next.
    const withdrawn = await app.inject({
      method: 'POST',
      url: `/api/v1/calls/${s.callId}/application/withdrawal`,
      headers: as(app, s.C.user),
    })
    expect(withdrawn.statusCode, withdrawn.body).toBe(200)
    const ranking = await app.inject({
      method: 'GET',
      url: `/api/v1/calls/${s.callId}/applications`,
      headers,
    })
    const decisions = Object.fromEntries(
      ranking
        .json()
        .items.map((item: { candidateId: string; decision: string }) => [
          item.candidateId,
          item.decision,
        ]),
    )
    expect(decisions).toEqual({
      [s.A.candidateId]: 'accepted',
      [s.B.candidateId]: 'declined',
      [s.E.candidateId]: 'accepted',
      [s.D.candidateId]: 'rejected',
    })
    expect((await mailTo(app, s.E.user.email)).at(-1)!.subject).toContain('place has become free')

    // A declined place cannot be decided again; an accepted one rejected frees a place, and
    // with nobody left on the wait-list nobody is promoted.
    const again = await decide([{ candidateId: s.B.candidateId, decision: 'accepted' }])
    expect(again.statusCode).toBe(400)
    const rejected = await decide([
      { candidateId: s.A.candidateId, decision: 'rejected', reason: 'Left the municipality.' },
    ])
    expect(rejected.json()).toMatchObject({ accepted: 1, promoted: [] })
    expect((await members(app, s.clusterId)).map((m) => m.userId)).not.toContain(s.A.user.id)
    const mine = await app.inject({
      method: 'GET',
      url: '/api/v1/me/applications',
      headers: as(app, s.A.user),
    })
    expect(mine.json().items[0].candidates[0]).toMatchObject({ decision: 'rejected', isMe: true })
  })

  it('a person’s data export holds their declared answers; erasure removes them with their name', async ({
    app,
  }) => {
    const s = await setUp(app)
    const data = await app.inject({
      method: 'GET',
      url: '/api/v1/me/data',
      headers: as(app, s.B.user),
    })
    expect(data.statusCode).toBe(200)
    expect(data.json().applications).toMatchObject({
      applications: [{ status: 'submitted', answers: { motivation: 'To serve everyone.' } }],
      candidacies: [{ declared: { gender: 'woman', community: 'hungarian' } }],
    })
    const admin = await createUser(app, { roles: ['admin'] })
    const erased = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${s.B.user.id}/personal-data`,
      headers: as(app, admin),
    })
    expect(erased.statusCode, erased.body).toBe(204)
    const row = await app.db
      .selectFrom('applicationCandidates')
      .select(['declared', 'fullName', 'email'])
      .where('id', '=', s.B.candidateId)
      .executeTakeFirstOrThrow()
    expect(row.declared).toEqual({})
    expect(row.fullName).toBe('Erased user')
    expect(row.email).not.toContain(s.B.user.email.split('@')[0])
    const ranking = await app.inject({
      method: 'GET',
      url: `/api/v1/calls/${s.callId}/applications`,
      headers: as(app, s.coordinator),
    })
    expect(ranking.body).not.toContain('hungarian')
    // Others' declared answers stay.
    expect(
      ranking.json().items.find((i: { candidateId: string }) => i.candidateId === s.A.candidateId)
        .declared,
    ).toEqual({
      gender: 'man',
    })
  })
  it('an accepted nominee without an account is invited, and accepting them again once they have one admits them', async ({
    app,
  }) => {
    const { callId, clusterId, coordinator } = await openCall(app, {
      applicantKind: 'municipality',
      maxNominees: 2,
    })
    const official = await createUser(app, { municipality: { country: 'RS', name: 'Niš' } })
    const nominee = {
      name: 'Nova Nominee',
      email: 'nova.nominee@nis.example.org',
      position: 'officer',
    }
    const submitted = await app.inject({
      method: 'POST',
      url: `/api/v1/calls/${callId}/application/submission`,
      headers: as(app, official),
      payload: { answers: { motivation: 'Our new equality officer.' }, candidates: [nominee] },
    })
    expect(submitted.statusCode, submitted.body).toBe(200)
    const candidateId = submitted.json().candidates[0].id as string
    const accept = () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/calls/${callId}/decisions`,
        headers: as(app, coordinator),
        payload: { decisions: [{ candidateId, decision: 'accepted' }] },
      })
    const first = await accept()
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toMatchObject({ accepted: 1, invited: [candidateId] })
    const mails = await mailTo(app, nominee.email)
    expect(mails.map((m) => m.subject)).toEqual(
      expect.arrayContaining([
        'Your invitation to Agora',
        expect.stringContaining('You have a place'),
      ]),
    )
    const invitation = mails.find((m) => m.subject === 'Your invitation to Agora')!
    const token = invitation.text.match(/\/invitations\/([A-Za-z0-9_-]+)/)![1]
    const joined = await app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      payload: { password: 'a long and fine passphrase' },
    })
    expect(joined.statusCode, joined.body).toBeLessThan(300)
    expect(await members(app, clusterId)).toEqual([])
    const again = await accept()
    expect(again.statusCode, again.body).toBe(200)
    const account = await app.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', nominee.email)
      .executeTakeFirstOrThrow()
    expect(await members(app, clusterId)).toEqual([{ userId: account.id, source: 'selection' }])
    expect((await audits(app, 'application.decided')).at(-1)!.details).toMatchObject({
      linkedAccount: account.id,
    })
  })
  it('a nominee who has an account sees the nomination, is admitted on acceptance and may give the place back', async ({
    app,
  }) => {
    const { callId, clusterId, coordinator } = await openCall(app, {
      applicantKind: 'municipality',
      maxNominees: 2,
      places: 1,
    })
    const official = await createUser(app, { municipality: { country: 'RS', name: 'Pirot' } })
    const colleague = await createUser(app, { municipality: { country: 'RS', name: 'Pirot' } })
    const submitted = await app.inject({
      method: 'POST',
      url: `/api/v1/calls/${callId}/application/submission`,
      headers: as(app, official),
      payload: {
        answers: { motivation: 'Our colleague leads the office for minorities.' },
        candidates: [
          { name: colleague.name, email: colleague.email.toUpperCase(), position: 'officer' },
        ],
      },
    })
    expect(submitted.statusCode, submitted.body).toBe(200)
    const candidateId = submitted.json().candidates[0].id as string
    const seen = await app.inject({
      method: 'GET',
      url: '/api/v1/me/applications',
      headers: as(app, colleague),
    })
    expect(seen.json().items).toEqual([
      expect.objectContaining({
        role: 'candidate',
        candidates: [expect.objectContaining({ id: candidateId, isMe: true })],
      }),
    ])
    const early = await app.inject({
      method: 'POST',
      url: `/api/v1/application-candidates/${candidateId}/decline`,
      headers: as(app, colleague),
      payload: {},
    })
    expect(early.statusCode).toBe(409)
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/v1/calls/${callId}/decisions`,
      headers: as(app, coordinator),
      payload: { decisions: [{ candidateId, decision: 'accepted' }] },
    })
    expect(accepted.json()).toMatchObject({ accepted: 1, invited: [] })
    expect(await members(app, clusterId)).toEqual([{ userId: colleague.id, source: 'selection' }])
    const declined = await app.inject({
      method: 'POST',
      url: `/api/v1/application-candidates/${candidateId}/decline`,
      headers: as(app, colleague),
      payload: {},
    })
    expect(declined.statusCode, declined.body).toBe(200)
    expect(await members(app, clusterId)).toEqual([])
  })
  it('an accepted applicant of a running cluster is enrolled in its courses', async ({ app }) => {
    await importCivicBasics(app)
    const { callId, clusterId, coordinator } = await openCall(app, { clusterStatus: 'running' })
    const course = await app.db
      .selectFrom('courses')
      .select('id')
      .where('slug', '=', 'civic-basics')
      .executeTakeFirstOrThrow()
    await app.db
      .insertInto('clusterCourses')
      .values({ clusterId, courseId: course.id, languages: ['en'] })
      .execute()
    const applicant = await createUser(app, { municipality: { country: 'RS', name: 'Pirot' } })
    const submitted = await app.inject({
      method: 'POST',
      url: `/api/v1/calls/${callId}/application/submission`,
      headers: as(app, applicant),
      payload: {
        answers: { motivation: 'I work with the Roma coordinator.' },
        candidates: [{ position: 'officer' }],
      },
    })
    expect(submitted.statusCode, submitted.body).toBe(200)
    const decided = await app.inject({
      method: 'POST',
      url: `/api/v1/calls/${callId}/decisions`,
      headers: as(app, coordinator),
      payload: {
        decisions: [{ candidateId: submitted.json().candidates[0].id, decision: 'accepted' }],
      },
    })
    expect(decided.statusCode, decided.body).toBe(200)
    const mine = await app.inject({
      method: 'GET',
      url: '/api/v1/enrolments',
      headers: as(app, applicant),
    })
    expect(mine.json().items).toEqual([expect.objectContaining({ clusterId })])
  })
  it('the proposal for the remaining places counts the accepted towards a group target', async ({
    app,
  }) => {
    const s = await setUp(app)
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/v1/calls/${s.callId}/decisions`,
      headers: as(app, s.coordinator),
      payload: { decisions: [{ candidateId: s.B.candidateId, decision: 'accepted' }] },
    })
    expect(accepted.statusCode, accepted.body).toBe(200)
    const proposal = await app.inject({
      method: 'GET',
      url: `/api/v1/calls/${s.callId}/proposal`,
      headers: as(app, s.coordinator),
    })
    expect(proposal.json()).toMatchObject({
      accepted: 1,
      remaining: 1,
      selected: [s.C.candidateId],
      inByBalance: [],
      outByBalance: [],
      targets: [{ rule: 1, required: 0, met: true }],
    })
  })
})
