import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, vi } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics, rightAnswers01, wrongAnswers01 } from '../testing/learning.ts'
import type { Dashboard, Overview } from './schemas.ts'

const base = '/api/v1/learning-clusters'
const dayMs = 24 * 60 * 60 * 1000

interface World {
  coordinator: TestUser
  zelsCoordinator: TestUser
  nalasCoordinator: TestUser
  admin: TestUser
  clusterTrainer: TestUser
  otherTrainer: TestUser
  /** Kragujevac: passes module 1 at the first attempt. */
  passer: TestUser
  /** Kragujevac: fails twice and is locked. */
  locked: TestUser
  /** Subotica: marks module 1 as read only; reads e-mail in Serbian. */
  reader: TestUser
  /** Subotica: does nothing. */
  idle: TestUser
  clusterId: string
}
let world: World | undefined

const as = (app: FastifyInstance, user: TestUser) => bearer(tokenFor(app, user))

async function send(
  app: FastifyInstance,
  user: TestUser,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
) {
  return app.inject({ method, url, headers: as(app, user), ...(payload ? { payload } : {}) })
}

async function ok(response: { statusCode: number; body: string; json(): unknown }, status = 200) {
  expect(response.statusCode, response.body).toBe(status)
  return response.json() as Record<string, unknown>
}

/** A learner's way through the public routes: event, attempt start and submit. */
async function progress(
  app: FastifyInstance,
  learner: TestUser,
  enrolmentId: string,
  steps: ('read' | 'right' | 'wrong' | 'retry')[],
) {
  for (const step of steps) {
    const { version } = (await ok(
      await send(app, learner, 'GET', `/api/v1/enrolments/${enrolmentId}`),
    )) as { version: number }
    if (step === 'read' || step === 'retry') {
      await ok(
        await send(app, learner, 'POST', `/api/v1/enrolments/${enrolmentId}/events`, {
          type: step === 'read' ? 'module.read' : 'quiz.retried',
          step: '01-rights',
          expectedVersion: version,
        }),
      )
      continue
    }
    const attempt = await send(app, learner, 'POST', `/api/v1/enrolments/${enrolmentId}/attempts`, {
      step: '01-rights',
    })
    expect([200, 201], attempt.body).toContain(attempt.statusCode)
    const { id } = attempt.json() as { id: string }
    await ok(
      await send(app, learner, 'POST', `/api/v1/attempts/${id}/submit`, {
        answers: step === 'right' ? rightAnswers01 : wrongAnswers01,
      }),
    )
  }
}

async function setUp(app: FastifyInstance): Promise<World> {
  if (world) return world
  await importCivicBasics(app)
  const kragujevac = { country: 'RS', name: 'Kragujevac' }
  const subotica = { country: 'RS', name: 'Subotica' }
  const people = {
    coordinator: await createUser(app, { roles: ['coordinator'], association: 'skgo' }),
    zelsCoordinator: await createUser(app, { roles: ['coordinator'], association: 'zels' }),
    nalasCoordinator: await createUser(app, { roles: ['coordinator'], association: 'nalas' }),
    admin: await createUser(app, { roles: ['admin'] }),
    clusterTrainer: await createUser(app, { roles: ['trainer'], association: 'skgo' }),
    otherTrainer: await createUser(app, { roles: ['trainer'], association: 'skgo' }),
    passer: await createUser(app, { municipality: kragujevac, name: 'Ana Passer' }),
    locked: await createUser(app, { municipality: kragujevac, name: 'Boris Locked' }),
    reader: await createUser(app, { municipality: subotica, name: 'Vesna Reader' }),
    idle: await createUser(app, { municipality: subotica, name: 'Zoran Idle' }),
  }
  await app.db
    .updateTable('users')
    .set({ preferredLanguage: 'sr-Latn' })
    .where('id', '=', people.reader.id)
    .execute()
  const cluster = await ok(
    await send(app, people.coordinator, 'POST', base, {
      name: 'Rights in local services',
      startsOn: '2027-02-01',
      endsOn: '2027-05-31',
      capacity: 10,
      courses: [{ courseSlug: 'civic-basics', languages: ['en', 'sr-Latn'] }],
    }),
    201,
  )
  const clusterId = cluster.id as string
  const learners = [people.passer, people.locked, people.reader, people.idle]
  await ok(
    await send(app, people.coordinator, 'POST', `${base}/${clusterId}/members`, {
      userIds: learners.map((l) => l.id),
    }),
  )
  await ok(
    await send(app, people.coordinator, 'PUT', `${base}/${clusterId}/status`, {
      status: 'running',
    }),
  )
  const response = await app.inject({
    method: 'PUT',
    url: `${base}/${clusterId}/trainers/${people.clusterTrainer.id}`,
    headers: as(app, people.coordinator),
  })
  expect(response.statusCode, response.body).toBe(204)
  const enrolmentOf = async (user: TestUser) =>
    (
      await app.db
        .selectFrom('enrolments')
        .select('id')
        .where('userId', '=', user.id)
        .executeTakeFirstOrThrow()
    ).id
  await progress(app, people.passer, await enrolmentOf(people.passer), ['read', 'right'])
  await progress(app, people.locked, await enrolmentOf(people.locked), [
    'read',
    'wrong',
    'retry',
    'wrong',
  ])
  await progress(app, people.reader, await enrolmentOf(people.reader), ['read'])
  world = { ...people, clusterId }
  return world
}

async function dashboard(app: FastifyInstance, user: TestUser, clusterId: string, query = '') {
  return send(app, user, 'GET', `${base}/${clusterId}/dashboard${query}`)
}

afterEach(() => {
  vi.useRealTimers()
})

describe("the coordinator's dashboard", () => {
  it('counts the funnel per step, overall, by country and by municipality', async ({ app }) => {
    const w = await setUp(app)
    const body = (await ok(
      await dashboard(app, w.coordinator, w.clusterId),
    )) as unknown as Dashboard
    expect(body.cluster).toMatchObject({ id: w.clusterId, memberCount: 4, status: 'running' })
    expect(body.courses).toHaveLength(1)
    const course = body.courses[0]!
    expect(course).toMatchObject({ slug: 'civic-basics', title: 'Civic Basics' })
    expect(course.steps.map((s) => [s.step, s.kind])).toEqual([
      ['01-rights', 'module'],
      ['02-services', 'module'],
      ['peer-exchange', 'webinar'],
      ['evaluation', 'survey'],
    ])
    expect(course.overall).toEqual({
      members: 4,
      enrolled: 4,
      completed: 0,
      steps: [
        { step: '01-rights', kind: 'module', read: 3, passed: 1 },
        { step: '02-services', kind: 'module', read: 0, passed: 0 },
        { step: 'peer-exchange', kind: 'webinar', attended: 0, excused: 0 },
        { step: 'evaluation', kind: 'survey', evaluated: 0 },
      ],
    })
    expect(course.byCountry).toEqual([{ countryCode: 'RS', ...course.overall }])
    const places = Object.fromEntries(
      course.byMunicipality.map((row) => [
        row.municipality?.name,
        { members: row.members, first: row.steps[0] },
      ]),
    )
    expect(places).toEqual({
      Kragujevac: { members: 2, first: { step: '01-rights', kind: 'module', read: 2, passed: 1 } },
      Subotica: { members: 2, first: { step: '01-rights', kind: 'module', read: 1, passed: 0 } },
    })

    // The counts are kept as a summary; a change to a cluster of this size shows at the next view.
    const idle = await app.db
      .selectFrom('enrolments')
      .select('id')
      .where('userId', '=', w.idle.id)
      .executeTakeFirstOrThrow()
    await progress(app, w.idle, idle.id, ['read'])
    const after = (await ok(
      await dashboard(app, w.coordinator, w.clusterId),
    )) as unknown as Dashboard
    expect(after.courses[0]!.overall.steps[0]).toEqual({
      step: '01-rights',
      kind: 'module',
      read: 4,
      passed: 1,
    })
    expect(Date.parse(after.countedAt)).toBeGreaterThanOrEqual(Date.parse(body.countedAt))
  })

  it('gives quiz results per module and the facility index per question', async ({ app }) => {
    const w = await setUp(app)
    const body = (await ok(
      await dashboard(app, w.coordinator, w.clusterId),
    )) as unknown as Dashboard
    const first = body.quizzes.modules.find((m) => m.step === '01-rights')!
    // Two learners attempted: one passed at the first attempt, one used both attempts and is locked.
    expect(first).toMatchObject({
      courseSlug: 'civic-basics',
      attempted: 2,
      passed: 1,
      locked: 1,
      passRate: 0.5,
      firstAttemptPassRate: 0.5,
      meanAttempts: 1.5,
    })
    // Three graded attempts: one right on every question, two wrong.
    expect(first.questions).toHaveLength(4)
    for (const question of first.questions) {
      expect(question.answers).toBe(3)
      expect(question.shareRight).toBeCloseTo(1 / 3)
      expect(question.facilityIndex).toBeCloseTo(1 / 3)
      expect(question.text.length).toBeGreaterThan(0)
    }
    expect(first.questions.map((q) => q.question)).toEqual([0, 1, 2, 3])
    expect(body.quizzes.modules.find((m) => m.step === '02-services')).toMatchObject({
      attempted: 0,
      passRate: null,
      questions: [],
    })
    // In Serbian, the stems come in Serbian.
    const sr = (await ok(
      await dashboard(app, w.coordinator, w.clusterId, '?lang=sr-Latn'),
    )) as unknown as Dashboard
    const srFirst = sr.quizzes.modules.find((m) => m.step === '01-rights')!
    expect(srFirst.questions[0]!.text).not.toBe(first.questions[0]!.text)
    expect(sr.courses[0]!.title).toBe('Osnove građanstva')
  })

  it('lists learners at risk: a locked quiz at once, inactivity after 14 days (clock moved on)', async ({
    app,
  }) => {
    const w = await setUp(app)
    const now = await ok(await dashboard(app, w.coordinator, w.clusterId))
    const atRisk = (now as unknown as Dashboard).atRisk
    expect(atRisk).toMatchObject({ inactiveAfterDays: 14, reminderIntervalDays: 7, total: 1 })
    expect(atRisk.items[0]).toMatchObject({
      userId: w.locked.id,
      reasons: ['locked'],
      lockedSteps: [{ courseSlug: 'civic-basics', step: '01-rights' }],
      lastRemindedAt: null,
      nextReminderAt: null,
      municipality: { name: 'Kragujevac' },
    })

    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 13 * dayMs)
    const day13 = (await ok(
      await dashboard(app, w.coordinator, w.clusterId),
    )) as unknown as Dashboard
    expect(day13.atRisk.total).toBe(1)

    vi.setSystemTime(Date.now() + 2 * dayMs)
    const day15 = (await ok(
      await dashboard(app, w.coordinator, w.clusterId),
    )) as unknown as Dashboard
    expect(day15.atRisk.total).toBe(4)
    const byId = Object.fromEntries(day15.atRisk.items.map((item) => [item.userId, item]))
    expect(byId[w.locked.id]!.reasons).toEqual(['inactive', 'locked'])
    expect(byId[w.idle.id]).toMatchObject({ reasons: ['inactive'], lockedSteps: [] })
    expect(byId[w.idle.id]!.inactiveDays).toBeGreaterThanOrEqual(14)
    const limited = (await ok(
      await dashboard(app, w.coordinator, w.clusterId, '?atRiskLimit=2'),
    )) as unknown as Dashboard
    expect(limited.atRisk.total).toBe(4)
    expect(limited.atRisk.items).toHaveLength(2)
  })

  it('sends one reminder in the learner’s language, audited, and refuses a second within 7 days', async ({
    app,
  }) => {
    const w = await setUp(app)
    const url = `${base}/${w.clusterId}/members/${w.reader.id}/reminder`
    const first = await ok(await send(app, w.coordinator, 'POST', url), 201)
    expect(first).toMatchObject({
      clusterId: w.clusterId,
      userId: w.reader.id,
      language: 'sr-Latn',
    })
    const mail = await app.db
      .selectFrom('outboxMessages')
      .select(['subject', 'text'])
      .where('recipient', '=', w.reader.email)
      .execute()
    expect(mail).toHaveLength(1)
    expect(mail[0]!.subject).toBe('Vaš kurs na Agori vas čeka')
    expect(mail[0]!.text).toContain('Rights in local services')
    const audit = await app.db
      .selectFrom('auditEvents')
      .select(['actorId', 'details'])
      .where('action', '=', 'learner.reminded')
      .where('subject', '=', w.reader.id)
      .execute()
    expect(audit).toEqual([{ actorId: w.coordinator.id, details: { clusterId: w.clusterId } }])

    // The same learner again, from another coordinator of the association or an admin: refused.
    for (const user of [w.coordinator, w.admin]) {
      const again = await send(app, user, 'POST', url)
      expect(again.statusCode).toBe(409)
      expect(again.json()).toMatchObject({
        type: '/problems/reminder-too-soon',
        nextAllowedAt: first.nextAllowedAt,
      })
    }
    const shown = (await ok(
      await dashboard(app, w.coordinator, w.clusterId),
    )) as unknown as Dashboard
    // The dashboard lists at-risk learners only; the reminded one is not at risk yet, so look it up later.
    expect(shown.atRisk.items.some((item) => item.userId === w.reader.id)).toBe(false)

    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 6 * dayMs + 23 * 60 * 60 * 1000)
    expect((await send(app, w.coordinator, 'POST', url)).statusCode).toBe(409)
    vi.setSystemTime(Date.now() + 2 * 60 * 60 * 1000)
    const later = (await ok(
      await dashboard(app, w.coordinator, w.clusterId),
    )) as unknown as Dashboard
    const reader = later.atRisk.items.find((item) => item.userId === w.reader.id)
    // Seven days on, still not 14 days inactive: a reminder is allowed again.
    expect(reader).toBeUndefined()
    await ok(await send(app, w.coordinator, 'POST', url), 201)
    const sent = await app.db
      .selectFrom('learnerReminders')
      .select('sentAt')
      .where('userId', '=', w.reader.id)
      .execute()
    expect(sent).toHaveLength(2)

    // At 15 days the reader is at risk, and the dashboard says when they were last reminded.
    vi.setSystemTime(Date.now() + 8 * dayMs)
    const risk = (await ok(
      await dashboard(app, w.coordinator, w.clusterId),
    )) as unknown as Dashboard
    const listed = risk.atRisk.items.find((item) => item.userId === w.reader.id)!
    expect(listed.lastRemindedAt).not.toBeNull()
    expect(listed.nextReminderAt).toBeNull()
  })

  it('reminds only current members, and only by coordinators and admins', async ({ app }) => {
    const w = await setUp(app)
    const stranger = await createUser(app, { association: 'skgo' })
    const response = await send(
      app,
      w.coordinator,
      'POST',
      `${base}/${w.clusterId}/members/${stranger.id}/reminder`,
    )
    expect(response.statusCode).toBe(404)
    const byTrainer = await send(
      app,
      w.clusterTrainer,
      'POST',
      `${base}/${w.clusterId}/members/${w.idle.id}/reminder`,
    )
    expect(byTrainer.statusCode).toBe(403)
    const byOther = await send(
      app,
      w.zelsCoordinator,
      'POST',
      `${base}/${w.clusterId}/members/${w.idle.id}/reminder`,
    )
    expect(byOther.statusCode).toBe(404)
    const reminders = await app.db
      .selectFrom('learnerReminders')
      .select('id')
      .where('userId', 'in', [stranger.id, w.idle.id])
      .execute()
    expect(reminders).toEqual([])
  })

  it('counts reminders per coordinator: the 31st within an hour is refused, another sender is not', async ({
    app,
  }) => {
    const w = await setUp(app)
    const sender = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const url = `${base}/${w.clusterId}/members/${w.idle.id}/reminder`
    const answers = new Set<number>()
    for (let i = 0; i < 30; i++) answers.add((await send(app, sender, 'POST', url)).statusCode)
    // One is sent (here or earlier); the rest wait for the 7 days, and still count for the sender.
    expect([...answers].every((status) => status === 201 || status === 409)).toBe(true)
    const over = await send(app, sender, 'POST', url)
    expect(over.statusCode).toBe(429)
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0)
    expect((await send(app, w.coordinator, 'POST', url)).statusCode).toBe(409)
  })

  it('is reached as the cluster is: its association, admins, its trainers; 404 to others', async ({
    app,
  }) => {
    const w = await setUp(app)
    for (const user of [w.coordinator, w.admin, w.clusterTrainer])
      expect((await dashboard(app, user, w.clusterId)).statusCode).toBe(200)
    for (const user of [w.zelsCoordinator, w.nalasCoordinator, w.otherTrainer])
      expect((await dashboard(app, user, w.clusterId)).statusCode).toBe(404)
    expect((await dashboard(app, w.passer, w.clusterId)).statusCode).toBe(403)
    expect(
      (await dashboard(app, w.coordinator, '00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404)
    const bad = await dashboard(app, w.coordinator, w.clusterId, '?atRiskLimit=0')
    expect(bad.statusCode).toBe(400)
  })
})

describe('the overview across clusters', () => {
  it("shows a coordinator their association's clusters, admins and NALAS the region", async ({
    app,
  }) => {
    const w = await setUp(app)
    const mine = (await ok(
      await send(app, w.coordinator, 'GET', '/api/v1/reports/overview'),
    )) as unknown as Overview
    expect(mine.scope).toBe('association')
    expect(mine.clusters).toEqual([
      expect.objectContaining({ id: w.clusterId, members: 4, active: 4, completed: 0 }),
    ])
    expect(mine.totals).toEqual({ clusters: 1, members: 4, active: 4, completed: 0 })
    expect(mine.associations.map((a) => a.acronym)).toEqual(['SKGO'])

    const zels = (await ok(
      await send(app, w.zelsCoordinator, 'GET', '/api/v1/reports/overview'),
    )) as unknown as Overview
    expect(zels.clusters).toEqual([])
    const forbidden = await send(
      app,
      w.zelsCoordinator,
      'GET',
      `/api/v1/reports/overview?associationId=${w.coordinator.associationId}`,
    )
    expect(forbidden.statusCode).toBe(400)

    for (const user of [w.admin, w.nalasCoordinator]) {
      const region = (await ok(
        await send(app, user, 'GET', '/api/v1/reports/overview'),
      )) as unknown as Overview
      expect(region.scope).toBe('region')
      expect(region.clusters.map((c) => c.id)).toContain(w.clusterId)
      const one = (await ok(
        await send(
          app,
          user,
          'GET',
          `/api/v1/reports/overview?associationId=${w.zelsCoordinator.associationId}`,
        ),
      )) as unknown as Overview
      expect(one.clusters).toEqual([])
    }
    expect((await send(app, w.clusterTrainer, 'GET', '/api/v1/reports/overview')).statusCode).toBe(
      403,
    )

    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 15 * dayMs)
    const later = (await ok(
      await send(app, w.coordinator, 'GET', '/api/v1/reports/overview'),
    )) as unknown as Overview
    expect(later.totals).toMatchObject({ members: 4, active: 0 })
  })
})
