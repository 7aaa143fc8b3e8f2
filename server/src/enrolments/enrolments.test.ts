import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'
import { enrolledLearner, importCivicBasics } from '../testing/learning.ts'

// Enrolling, reading and moving through a course with events; quizzes are in quizzes/ and the
// flows across features in test/api/learning-flow.test.ts.
describe('enrolments', () => {
  it.beforeAll(async ({ app }) => {
    await importCivicBasics(app)
  })

  it('enrols once, pinned to the version and language; a second enrol returns the same enrolment', async ({
    app,
  }) => {
    const user = await createUser(app)
    const headers = bearer(tokenFor(app, user))
    const first = await app.inject({
      method: 'POST',
      url: '/api/v1/enrolments',
      headers,
      payload: { courseSlug: 'civic-basics', language: 'sr-Latn' },
    })
    expect(first.statusCode).toBe(201)
    expect(first.json()).toMatchObject({
      language: 'sr-Latn',
      status: 'active',
      version: 0,
      course: { slug: 'civic-basics', version: 1 },
    })
    expect(first.json().progress).toMatchObject({
      current: '01-rights',
      completed: false,
      ratio: 0,
    })
    expect(first.json().progress.steps.map((step: { status: string }) => step.status)).toEqual([
      'current',
      'locked',
      'locked',
      'locked',
    ])
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/enrolments',
      headers,
      payload: { courseSlug: 'civic-basics' },
    })
    expect(again.statusCode).toBe(200)
    expect(again.json().id).toBe(first.json().id)
    const mine = await app.inject({ method: 'GET', url: '/api/v1/enrolments', headers })
    expect(mine.json().items.map((item: { id: string }) => item.id)).toEqual([first.json().id])
    const inCourse = await app.inject({
      method: 'GET',
      url: '/api/v1/enrolments?course=civic-basics',
      headers,
    })
    expect(inCourse.json().items.map((item: { id: string }) => item.id)).toEqual([first.json().id])
    const elsewhere = await app.inject({
      method: 'GET',
      url: '/api/v1/enrolments?course=local-inclusion',
      headers,
    })
    expect(elsewhere.json().items).toEqual([])
  })

  it('refuses a language the course does not have, and an unknown course, storing nothing', async ({
    app,
  }) => {
    const user = await createUser(app)
    const headers = bearer(tokenFor(app, user))
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/enrolments',
      headers,
      payload: { courseSlug: 'civic-basics', language: 'sq' },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors).toEqual([
      {
        pointer: '/body/language',
        reason: 'not-allowed',
        detail: expect.stringContaining('en, sr-Latn, sr-Cyrl'),
      },
    ])
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/enrolments',
      headers,
      payload: { courseSlug: 'no-such-course' },
    })
    expect(unknown.statusCode).toBe(404)
    const stored = await app.db
      .selectFrom('enrolments')
      .select('id')
      .where('userId', '=', user.id)
      .execute()
    expect(stored).toEqual([])
  })

  it('reads the current module; later modules are locked until the ones before are passed', async ({
    app,
  }) => {
    const learner = await enrolledLearner(app)
    const module1 = await app.inject({
      method: 'GET',
      url: `/api/v1/enrolments/${learner.enrolmentId}/steps/01-rights`,
      headers: learner.headers,
    })
    expect(module1.statusCode).toBe(200)
    expect(module1.json()).toMatchObject({
      title: 'Rights at the counter',
      kind: 'module',
      questions: [],
    })
    expect(module1.json().html).toContain('10 December 1948')
    const etag = module1.headers.etag as string
    const revalidated = await app.inject({
      method: 'GET',
      url: `/api/v1/enrolments/${learner.enrolmentId}/steps/01-rights`,
      headers: { ...learner.headers, 'if-none-match': etag },
    })
    expect(revalidated.statusCode).toBe(304)
    expect(revalidated.body).toBe('')
    expect(revalidated.headers['content-length'] ?? '0').toBe('0')
    const module2 = await app.inject({
      method: 'GET',
      url: `/api/v1/enrolments/${learner.enrolmentId}/steps/02-services`,
      headers: learner.headers,
    })
    expect(module2.statusCode).toBe(409)
    expect(module2.json().type).toBe('/problems/step-locked')
  })

  it('serves Serbian Cyrillic generated from the Latin text', async ({ app }) => {
    const learner = await enrolledLearner(app, { language: 'sr-Cyrl' })
    const module1 = await app.inject({
      method: 'GET',
      url: `/api/v1/enrolments/${learner.enrolmentId}/steps/01-rights`,
      headers: learner.headers,
    })
    expect(module1.json()).toMatchObject({ language: 'sr-Cyrl', title: 'Права на шалтеру' })
    expect(module1.json().html).toContain('Универзална декларација')
    expect(module1.json().course.title).toBe('Основе грађанства')
  })

  it('checks events against the machine and the expected version', async ({ app }) => {
    const learner = await enrolledLearner(app)
    const url = `/api/v1/enrolments/${learner.enrolmentId}/events`
    const early = await app.inject({
      method: 'POST',
      url,
      headers: learner.headers,
      payload: { type: 'module.read', step: '02-services', expectedVersion: 0 },
    })
    expect(early.statusCode).toBe(409)
    expect(early.json()).toMatchObject({
      type: '/problems/event-refused',
      current: '01-rights',
      phase: 'reading',
    })
    const read = await app.inject({
      method: 'POST',
      url,
      headers: { ...learner.headers, 'idempotency-key': 'read-1' },
      payload: { type: 'module.read', step: '01-rights', expectedVersion: 0 },
    })
    expect(read.statusCode).toBe(200)
    expect(read.json()).toMatchObject({ version: 1, state: { value: { '01-rights': 'quiz' } } })
    const replayed = await app.inject({
      method: 'POST',
      url,
      headers: { ...learner.headers, 'idempotency-key': 'read-1' },
      payload: { type: 'module.read', step: '01-rights', expectedVersion: 0 },
    })
    expect(replayed.statusCode).toBe(200)
    expect(replayed.headers['idempotent-replayed']).toBe('true')
    expect(replayed.json()).toEqual(read.json())
    const stale = await app.inject({
      method: 'POST',
      url,
      headers: learner.headers,
      payload: { type: 'module.read', step: '01-rights', expectedVersion: 0 },
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ type: '/problems/stale-version', currentVersion: 1 })
    const reused = await app.inject({
      method: 'POST',
      url,
      headers: { ...learner.headers, 'idempotency-key': 'read-1' },
      payload: { type: 'quiz.retried', step: '01-rights', expectedVersion: 1 },
    })
    expect(reused.statusCode).toBe(422)
    expect(reused.json()).toMatchObject({ type: '/problems/idempotency-mismatch' })
    const granted = await app.inject({
      method: 'POST',
      url,
      headers: learner.headers,
      payload: { type: 'attempt.granted', step: '01-rights', expectedVersion: 1 },
    })
    expect(granted.statusCode).toBe(403)
    const events = await app.db
      .selectFrom('progressionEvents')
      .select(['sequence', 'type'])
      .where('enrolmentId', '=', learner.enrolmentId)
      .execute()
    expect(events).toEqual([{ sequence: 1, type: 'module.read' }])
  })

  it('withdraws with a reason; a withdrawn enrolment takes no events', async ({ app }) => {
    const learner = await enrolledLearner(app)
    const read = () =>
      app.inject({
        method: 'GET',
        url: `/api/v1/enrolments/${learner.enrolmentId}/steps/01-rights`,
        headers: learner.headers,
      })
    expect((await read()).statusCode).toBe(200)
    const withdrawn = await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${learner.enrolmentId}/withdrawal`,
      headers: learner.headers,
      payload: { reason: 'Changed jobs' },
    })
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', withdrawnReason: 'Changed jobs' })
    // The read just before was cached; withdrawal closes it at once on this server.
    expect((await read()).json()).toMatchObject({ status: 409, title: 'Enrolment withdrawn' })
    const event = await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
      headers: learner.headers,
      payload: { type: 'module.read', step: '01-rights', expectedVersion: 0 },
    })
    expect(event.statusCode).toBe(409)
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/enrolments',
      headers: learner.headers,
      payload: { courseSlug: 'civic-basics' },
    })
    expect(again.statusCode).toBe(201)
    expect(again.json().id).not.toBe(learner.enrolmentId)
  })

  it('switching language keeps progress', async ({ app }) => {
    const learner = await enrolledLearner(app, { read: true })
    const read = () =>
      app.inject({
        method: 'GET',
        url: `/api/v1/enrolments/${learner.enrolmentId}/steps/01-rights`,
        headers: learner.headers,
      })
    expect((await read()).json().language).toBe('en')
    const switched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/enrolments/${learner.enrolmentId}`,
      headers: learner.headers,
      payload: { language: 'sr-Latn' },
    })
    expect(switched.json()).toMatchObject({
      language: 'sr-Latn',
      version: 1,
      state: { value: { '01-rights': 'quiz' } },
    })
    expect(switched.json().progress.steps[0].title).toBe('Prava na šalteru')
    expect((await read()).json().language).toBe('sr-Latn')
  })
})
