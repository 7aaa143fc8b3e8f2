import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { deliveredTo, it } from '../testing/app.ts'
import {
  bearer,
  createUser,
  municipalityId,
  type TestUser,
  tokenFor,
} from '../testing/factories.ts'
import {
  enrolledLearner,
  importCivicBasics,
  type Learner,
  rightAnswers01,
  rightAnswers02,
} from '../testing/learning.ts'

const as = (app: FastifyInstance, user: TestUser) => bearer(tokenFor(app, user))

const practice = {
  title: 'A diversity desk in the town hall',
  area: 'services',
  problem: 'Roma families could not reach the social services office.',
  actions: 'We opened a desk with a Roma mediator two days a week.',
  results: 'Visits by Roma families tripled within a year.',
  contactRole: 'Office for Social Protection',
  body: 'We started with **one** mediator.',
  language: 'en',
  public: true,
}

async function post(app: FastifyInstance, headers: Record<string, string>, payload: object) {
  return app.inject({ method: 'POST', url: '/api/v1/good-practices', headers, payload })
}

async function countPractices(app: FastifyInstance) {
  return (await app.db.selectFrom('goodPractices').select('id').execute()).length
}

async function passModule(app: FastifyInstance, learner: Learner, step: string) {
  const version = async () =>
    (
      await app.inject({
        url: `/api/v1/enrolments/${learner.enrolmentId}`,
        headers: learner.headers,
      })
    ).json().version as number
  const read = await app.inject({
    method: 'POST',
    url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
    headers: learner.headers,
    payload: { type: 'module.read', step, expectedVersion: await version() },
  })
  expect(read.statusCode, read.body).toBe(200)
  const attempt = await app.inject({
    method: 'POST',
    url: `/api/v1/enrolments/${learner.enrolmentId}/attempts`,
    headers: learner.headers,
    payload: { step },
  })
  const submitted = await app.inject({
    method: 'POST',
    url: `/api/v1/attempts/${attempt.json().id}/submit`,
    headers: learner.headers,
    payload: { answers: step === '01-rights' ? rightAnswers01 : rightAnswers02 },
  })
  expect(submitted.json().passed).toBe(true)
}

/** A learner of civic-basics at its webinar gate (peer-exchange): both modules passed. */
async function learnerAtWebinar(app: FastifyInstance): Promise<Learner> {
  const learner = await enrolledLearner(app)
  await passModule(app, learner, '01-rights')
  await passModule(app, learner, '02-services')
  return learner
}

async function enrolmentOf(app: FastifyInstance, learner: Learner) {
  return (
    await app.inject({ url: `/api/v1/enrolments/${learner.enrolmentId}`, headers: learner.headers })
  ).json()
}

describe('good practices: submitting, reading, editing', () => {
  it.beforeAll(async ({ app }) => {
    await importCivicBasics(app)
  })

  it('a learner submits one outside a course; the place defaults to their municipality; only they and moderators see it before approval', async ({
    app,
  }) => {
    const author = await createUser(app, { municipality: { country: 'RS', name: 'Kragujevac' } })
    const created = await post(app, as(app, author), practice)
    expect(created.statusCode, created.body).toBe(201)
    const body = created.json()
    expect(body).toMatchObject({
      status: 'submitted',
      revision: 1,
      countryCode: 'RS',
      countryName: 'Serbia',
      municipalityId: await municipalityId(app, 'RS', 'Kragujevac'),
      municipalityName: 'Kragujevac',
      course: null,
      enrolmentId: null,
      author: { id: author.id, name: author.name },
      bodyHtml: '<p>We started with <strong>one</strong> mediator.</p>\n',
      mayEdit: true,
      mayReview: false,
      approvedAt: null,
    })
    const url = `/api/v1/good-practices/${body.id}`
    expect((await app.inject({ url })).statusCode).toBe(404)
    const stranger = await createUser(app)
    expect((await app.inject({ url, headers: as(app, stranger) })).statusCode).toBe(404)
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    expect((await app.inject({ url, headers: as(app, coordinator) })).statusCode).toBe(404)
    // Outside a course, any trainer moderates.
    const trainer = await createUser(app, { roles: ['trainer'] })
    const seen = await app.inject({ url, headers: as(app, trainer) })
    expect(seen.statusCode).toBe(200)
    expect(seen.json()).toMatchObject({
      mayReview: true,
      mayEdit: false,
      author: { id: author.id },
    })

    const mine = await app.inject({ url: '/api/v1/me/good-practices', headers: as(app, author) })
    expect(mine.json()).toMatchObject({ total: 1, items: [{ id: body.id }] })
    const queue = await app.inject({
      url: '/api/v1/good-practices/review-queue',
      headers: as(app, trainer),
    })
    expect(queue.json().items.map((item: { id: string }) => item.id)).toContain(body.id)
  })

  it('names a place of the list or by name, and refuses unknown places, contacts that are a person, and bad fields, storing nothing', async ({
    app,
  }) => {
    const author = await createUser(app)
    const headers = as(app, author)
    const before = await countPractices(app)
    const skopje = await municipalityId(app, 'MK', 'Град Скопје')
    const refusals: [object, Record<string, string>][] = [
      [{ ...practice }, { '/body/countryCode': 'required' }],
      [
        { ...practice, countryCode: 'ZZ', municipalityName: 'X' },
        { '/body/countryCode': 'unknown-reference' },
      ],
      [
        { ...practice, countryCode: 'RS', municipalityId: skopje },
        { '/body/municipalityId': 'unknown-reference' },
      ],
      [{ ...practice, countryCode: 'RS' }, { '/body/municipalityName': 'required' }],
      [
        {
          ...practice,
          countryCode: 'MK',
          municipalityId: skopje,
          contactRole: 'Ana, ana@example.org',
        },
        { '/body/contactRole': 'personal-information' },
      ],
      [
        {
          ...practice,
          countryCode: 'MK',
          municipalityId: skopje,
          contactRole: 'Call +381 11 123 45 67',
        },
        { '/body/contactRole': 'personal-information' },
      ],
      [
        { ...practice, countryCode: 'MK', municipalityId: skopje, area: 'sports', language: 'xx' },
        { '/body/area': 'not-allowed', '/body/language': 'not-allowed' },
      ],
      [
        {
          ...practice,
          countryCode: 'MK',
          municipalityId: skopje,
          title: 'A\u0000B',
        },
        { '/body/title': 'invalid-text' },
      ],
      [
        { ...practice, countryCode: 'MK', municipalityId: skopje, public: 'yes' },
        { '/body/public': 'type' },
      ],
      [
        {
          ...practice,
          countryCode: 'MK',
          municipalityId: skopje,
          problem: 'x'.repeat(5001),
          extra: 1,
        },
        { '/body/problem': 'too-long', '/body/extra': 'unknown-field' },
      ],
      [
        { ...practice, countryCode: 'MK', municipalityId: skopje, step: 'peer-exchange' },
        { '/body/enrolmentId': 'required' },
      ],
    ]
    for (const [payload, errors] of refusals) {
      const refused = await post(app, headers, payload)
      expect(refused.statusCode, JSON.stringify(payload).slice(0, 120)).toBe(400)
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(
        Object.fromEntries(
          (refused.json().errors as { pointer: string; reason: string }[]).map((error) => [
            error.pointer,
            error.reason,
          ]),
        ),
      ).toEqual(errors)
    }
    expect(await countPractices(app)).toBe(before)

    const listed = await post(app, headers, {
      ...practice,
      countryCode: 'MK',
      municipalityId: skopje,
    })
    expect(listed.json()).toMatchObject({
      municipalityName: 'Град Скопје',
      countryName: 'North Macedonia',
    })
    const named = await post(app, headers, {
      ...practice,
      countryCode: 'RS',
      municipalityName: 'Gradska opština Savski venac',
      contactRole: 'Kancelarija za mlade, soba 12',
    })
    expect(named.statusCode, named.body).toBe(201)
    expect(named.json()).toMatchObject({
      municipalityId: null,
      municipalityName: 'Gradska opština Savski venac',
    })
  })

  it('renders hostile Markdown inert', async ({ app }) => {
    const author = await createUser(app, { municipality: { country: 'RS', name: 'Kragujevac' } })
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(1)">',
      '[click](javascript:alert(1))',
      '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
      '<a href="javascript:alert(1)">a</a>',
      '[ok](https://example.org) and [mail](mailto:office@example.org)',
    ].join('\n\n')
    const created = await post(app, as(app, author), { ...practice, body: hostile })
    expect(created.statusCode, created.body).toBe(201)
    const html = created.json().bodyHtml as string
    expect(html).not.toMatch(
      /<script|<img[^>]*onerror|<a [^>]*href="(javascript|data):|src="data:/i,
    )
    expect(html).toContain('&lt;script&gt;')
    expect(html).toContain('href="https://example.org"')
    expect(html).toContain('href="mailto:office@example.org"')
  })

  it('the author edits a returned practice from the revision read; a stale revision is 409; others may not edit', async ({
    app,
    mailbox,
  }) => {
    const author = await createUser(app, {
      municipality: { country: 'RS', name: 'Kragujevac' },
    })
    await app.db
      .updateTable('users')
      .set({ preferredLanguage: 'sr-Latn' })
      .where('id', '=', author.id)
      .execute()
    const created = (await post(app, as(app, author), practice)).json()
    const trainer = await createUser(app, { roles: ['trainer'] })
    const review = (user: TestUser, payload: object) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/good-practices/${created.id}/review`,
        headers: as(app, user),
        payload,
      })
    const noComment = await review(trainer, { decision: 'return', comment: '  ' })
    expect(noComment.statusCode).toBe(400)
    expect(noComment.json().errors).toMatchObject([
      { pointer: '/body/comment', reason: 'required' },
    ])
    const returned = await review(trainer, { decision: 'return', comment: 'Please add figures.' })
    expect(returned.statusCode, returned.body).toBe(200)
    expect(returned.json()).toMatchObject({
      status: 'returned',
      reviewComment: 'Please add figures.',
    })
    const mail = await deliveredTo(app, mailbox, author.email)
    expect(mail?.subject).toContain('Vašu dobru praksu treba dopuniti')
    expect(mail?.text).toContain('Please add figures.')
    expect(mail?.text).toContain(`/learn/practices/${created.id}/edit`)
    // Returned, it waits for the author, not for a review.
    expect((await review(trainer, { decision: 'approve' })).statusCode).toBe(409)

    const put = (user: TestUser, payload: object) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/good-practices/${created.id}`,
        headers: as(app, user),
        payload,
      })
    const edit = { ...practice, results: 'Visits tripled: from 40 to 120 a month.', revision: 1 }
    expect((await put(trainer, edit)).statusCode).toBe(403)
    expect((await put(await createUser(app), edit)).statusCode).toBe(404)
    const edited = await put(author, edit)
    expect(edited.statusCode, edited.body).toBe(200)
    expect(edited.json()).toMatchObject({ status: 'submitted', revision: 2, results: edit.results })
    const stale = await put(author, edit)
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ type: '/problems/stale-version', current: 2 })
    const moved = await put(author, { ...edit, revision: 2, step: 'peer-exchange' })
    expect(moved.json().errors).toMatchObject([{ pointer: '/body/step', reason: 'conflict' }])

    const approved = await review(trainer, { decision: 'approve' })
    expect(approved.json()).toMatchObject({ status: 'approved', approvedAt: expect.any(String) })
    expect((await put(author, { ...edit, revision: 2 })).statusCode).toBe(409)
    expect((await deliveredTo(app, mailbox, author.email))?.subject).toContain('odobrena')
    // Approved: anyone signed in reads it, without author or review; public, so anyone at all.
    const url = `/api/v1/good-practices/${created.id}`
    const read = (await app.inject({ url, headers: as(app, await createUser(app)) })).json()
    expect(read).toMatchObject({
      author: null,
      reviewComment: null,
      mayEdit: false,
      mayReview: false,
    })
    expect((await app.inject({ url })).statusCode).toBe(200)
    const audit = await app.db
      .selectFrom('auditEvents')
      .select(['action', 'actorId', 'subject'])
      .where('action', 'in', ['good-practice.approved', 'good-practice.returned'])
      .where('subject', '=', author.id)
      .orderBy('at')
      .execute()
    expect(audit).toEqual([
      { action: 'good-practice.returned', actorId: trainer.id, subject: author.id },
      { action: 'good-practice.approved', actorId: trainer.id, subject: author.id },
    ])
  })
})

describe('the written alternative to a webinar', () => {
  it.beforeAll(async ({ app }) => {
    await importCivicBasics(app)
  })

  it('is refused before the gate opens, for another enrolment or a step without the alternative; approval by a course trainer excuses the gate in the same transaction', async ({
    app,
  }) => {
    const early = await enrolledLearner(app)
    const payload = (learner: Learner, step = 'peer-exchange') => ({
      ...practice,
      countryCode: 'RS',
      municipalityName: 'Niš',
      enrolmentId: learner.enrolmentId,
      step,
    })
    const notYet = await post(app, early.headers, payload(early))
    expect(notYet.statusCode).toBe(409)
    expect(notYet.json().type).toBe('/problems/step-locked')

    const learner = await learnerAtWebinar(app)
    const other = await post(app, early.headers, payload(learner))
    expect(other.json().errors).toMatchObject([
      { pointer: '/body/enrolmentId', reason: 'unknown-reference' },
    ])
    const before = await countPractices(app)
    const module = await post(app, learner.headers, payload(learner, '01-rights'))
    expect(module.json().errors).toMatchObject([{ pointer: '/body/step', reason: 'not-allowed' }])
    expect(await countPractices(app)).toBe(before)

    const created = await post(app, learner.headers, payload(learner))
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({
      course: { slug: 'civic-basics', title: 'Civic Basics' },
      enrolmentId: learner.enrolmentId,
      step: 'peer-exchange',
    })
    expect((await post(app, learner.headers, payload(learner))).statusCode).toBe(409)

    // A trainer who does not teach the course neither sees nor reviews it; its trainer does.
    const outsider = await createUser(app, { roles: ['trainer'] })
    const url = `/api/v1/good-practices/${created.json().id}`
    expect((await app.inject({ url, headers: as(app, outsider) })).statusCode).toBe(404)
    const outsiderQueue = await app.inject({
      url: '/api/v1/good-practices/review-queue',
      headers: as(app, outsider),
    })
    expect(outsiderQueue.json().items.map((item: { id: string }) => item.id)).not.toContain(
      created.json().id,
    )
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `${url}/review`,
          headers: as(app, outsider),
          payload: { decision: 'approve' },
        })
      ).statusCode,
    ).toBe(404)

    const admin = await createUser(app, { roles: ['admin'] })
    const trainer = await createUser(app, { roles: ['trainer'] })
    await app.inject({
      method: 'PUT',
      url: `/api/v1/courses/civic-basics/trainers/${trainer.id}`,
      headers: as(app, admin),
    })
    const queue = await app.inject({
      url: '/api/v1/good-practices/review-queue',
      headers: as(app, trainer),
    })
    expect(queue.json().items.map((item: { id: string }) => item.id)).toContain(created.json().id)

    expect((await enrolmentOf(app, learner)).progress.current).toBe('peer-exchange')
    const approved = await app.inject({
      method: 'POST',
      url: `${url}/review`,
      headers: as(app, trainer),
      payload: { decision: 'approve', comment: 'Thank you.' },
    })
    expect(approved.statusCode, approved.body).toBe(200)
    const enrolment = await enrolmentOf(app, learner)
    expect(enrolment.progress.current).toBe('evaluation')
    expect(
      enrolment.progress.steps.find((step: { slug: string }) => step.slug === 'peer-exchange'),
    ).toMatchObject({ status: 'done', phase: 'excused' })
    const event = await app.db
      .selectFrom('progressionEvents')
      .select(['type', 'payload', 'actorId'])
      .where('enrolmentId', '=', learner.enrolmentId)
      .where('type', '=', 'webinar.excused')
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({
      actorId: trainer.id,
      payload: { step: 'peer-exchange', practiceId: created.json().id },
    })
  })

  it('two submissions for one webinar step at once: one is taken, the other is 409', async ({
    app,
  }) => {
    const learner = await learnerAtWebinar(app)
    const payload = {
      ...practice,
      countryCode: 'RS',
      municipalityName: 'Niš',
      enrolmentId: learner.enrolmentId,
      step: 'peer-exchange',
    }
    const answers = await Promise.all([
      post(app, learner.headers, payload),
      post(app, learner.headers, payload),
    ])
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409])
    const stored = await app.db
      .selectFrom('goodPractices')
      .select('id')
      .where('enrolmentId', '=', learner.enrolmentId)
      .execute()
    expect(stored).toHaveLength(1)
  })

  it('an approval that fails leaves neither the practice approved nor the gate excused', async ({
    app,
  }) => {
    const learner = await learnerAtWebinar(app)
    const created = await post(app, learner.headers, {
      ...practice,
      countryCode: 'RS',
      municipalityName: 'Niš',
      enrolmentId: learner.enrolmentId,
      step: 'peer-exchange',
    })
    const id = created.json().id as string
    const admin = await createUser(app, { roles: ['admin'] })
    // The audit insert fails after the event: the whole review rolls back.
    await sql`alter table audit_events add constraint no_practice_approvals check (action <> 'good-practice.approved') not valid`.execute(
      app.db,
    )
    try {
      const failed = await app.inject({
        method: 'POST',
        url: `/api/v1/good-practices/${id}/review`,
        headers: as(app, admin),
        payload: { decision: 'approve' },
      })
      expect(failed.statusCode).toBe(500)
    } finally {
      await app.db.schema
        .alterTable('audit_events')
        .dropConstraint('no_practice_approvals')
        .execute()
    }
    const row = await app.db
      .selectFrom('goodPractices')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('submitted')
    expect((await enrolmentOf(app, learner)).progress.current).toBe('peer-exchange')
  })

  it("is in the author's data export; erasure deletes the unapproved and keeps the approved without the person", async ({
    app,
  }) => {
    const learner = await learnerAtWebinar(app)
    const admin = await createUser(app, { roles: ['admin'] })
    const approvedOne = (
      await post(app, learner.headers, {
        ...practice,
        countryCode: 'RS',
        municipalityName: 'Niš',
        enrolmentId: learner.enrolmentId,
        step: 'peer-exchange',
      })
    ).json()
    await app.inject({
      method: 'POST',
      url: `/api/v1/good-practices/${approvedOne.id}/review`,
      headers: as(app, admin),
      payload: { decision: 'approve' },
    })
    const pending = (
      await post(app, learner.headers, { ...practice, countryCode: 'SE', municipalityName: 'Nyby' })
    ).json()
    const exported = await app.inject({ url: '/api/v1/me/data', headers: learner.headers })
    expect(exported.json().goodPractices).toHaveLength(2)
    expect(exported.json().goodPractices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: approvedOne.id, status: 'approved', course: 'civic-basics' }),
        expect.objectContaining({ id: pending.id, status: 'submitted' }),
      ]),
    )
    const erased = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${learner.user.id}/personal-data`,
      headers: as(app, admin),
    })
    expect(erased.statusCode).toBe(204)
    const left = await app.db
      .selectFrom('goodPractices')
      .select(['id', 'authorId', 'enrolmentId', 'status'])
      .where('id', 'in', [approvedOne.id, pending.id])
      .execute()
    expect(left).toEqual([
      { id: approvedOne.id, authorId: null, enrolmentId: null, status: 'approved' },
    ])
  })
})
