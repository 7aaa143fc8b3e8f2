import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { enrolledLearner, importCivicBasics } from '../testing/learning.ts'

const url = '/api/v1/courses/civic-basics/enrolments'

async function trainerOf(
  app: FastifyInstance,
  slug: string,
  options: { name?: string } = {},
): Promise<TestUser> {
  const trainer = await createUser(app, { roles: ['trainer'], ...options })
  const course = await app.db
    .selectFrom('courses')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  await app.db
    .insertInto('courseTrainers')
    .values({ courseId: course.id, userId: trainer.id })
    .execute()
  return trainer
}

describe("a course's enrolments, for its trainers", () => {
  it.beforeAll(async ({ app }) => {
    await importCivicBasics(app)
    await app.db
      .insertInto('courses')
      .values({
        slug: 'other-course',
        title: JSON.stringify({ en: 'Other course' }),
        languages: ['en'],
      })
      .execute()
  })

  it('shows a trainer of the course every learner with where they stand', async ({ app }) => {
    const reading = await enrolledLearner(app)
    const quiz = await enrolledLearner(app, { read: true, language: 'sr-Latn' })
    const trainer = bearer(tokenFor(app, await trainerOf(app, 'civic-basics')))

    const response = await app.inject({ method: 'GET', url, headers: trainer })
    expect(response.statusCode).toBe(200)
    const page = response.json()
    expect(page).toMatchObject({ limit: 20, offset: 0 })
    expect(page.total).toBe(page.items.length)
    const byId = Object.fromEntries(page.items.map((item: { id: string }) => [item.id, item]))
    expect(byId[reading.enrolmentId]).toEqual({
      id: reading.enrolmentId,
      learner: { id: reading.user.id, name: reading.user.name, email: reading.user.email },
      language: 'en',
      status: 'active',
      version: 0,
      current: '01-rights',
      phase: 'reading',
      ratio: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(byId[quiz.enrolmentId]).toMatchObject({
      language: 'sr-Latn',
      version: 1,
      current: '01-rights',
      phase: 'quiz',
    })
    const names = page.items.map((item: { learner: { name: string } }) => item.learner.name)
    expect(names).toEqual([...names].sort())
  })

  it('filters by status', async ({ app }) => {
    const learner = await enrolledLearner(app)
    await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${learner.enrolmentId}/withdrawal`,
      headers: learner.headers,
      payload: { reason: 'Moved away' },
    })
    const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))

    const withdrawn = await app.inject({
      method: 'GET',
      url: `${url}?status=withdrawn`,
      headers: admin,
    })
    expect(withdrawn.statusCode).toBe(200)
    expect(withdrawn.json().items.map((item: { id: string }) => item.id)).toEqual([
      learner.enrolmentId,
    ])
    expect(withdrawn.json().items[0]).toMatchObject({ status: 'withdrawn' })
    const active = await app.inject({ method: 'GET', url: `${url}?status=active`, headers: admin })
    expect(active.json().items.map((item: { id: string }) => item.id)).not.toContain(
      learner.enrolmentId,
    )

    const unknown = await app.inject({ method: 'GET', url: `${url}?status=paused`, headers: admin })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().type).toBe('/problems/validation')
  })

  it('pages through the learners, limit and offset within bounds', async ({ app }) => {
    for (let count = 0; count < 3; count++) await enrolledLearner(app)
    const trainer = bearer(tokenFor(app, await trainerOf(app, 'civic-basics')))
    const all = (
      await app.inject({ method: 'GET', url: `${url}?limit=100`, headers: trainer })
    ).json()
    expect(all.items).toHaveLength(all.total)
    expect(all.total).toBeGreaterThanOrEqual(3)

    const first = await app.inject({ method: 'GET', url: `${url}?limit=2`, headers: trainer })
    expect(first.json()).toMatchObject({ total: all.total, limit: 2, offset: 0 })
    expect(first.json().items.map((item: { id: string }) => item.id)).toEqual(
      all.items.slice(0, 2).map((item: { id: string }) => item.id),
    )
    const second = await app.inject({
      method: 'GET',
      url: `${url}?limit=2&offset=2`,
      headers: trainer,
    })
    expect(second.json().items.map((item: { id: string }) => item.id)).toEqual(
      all.items.slice(2, 4).map((item: { id: string }) => item.id),
    )

    const past = await app.inject({ method: 'GET', url: `${url}?offset=1000`, headers: trainer })
    expect(past.json()).toMatchObject({ items: [], total: all.total, offset: 1000 })

    for (const query of ['limit=0', 'limit=101', 'offset=-1', 'limit=two']) {
      const bad = await app.inject({ method: 'GET', url: `${url}?${query}`, headers: trainer })
      expect(bad.statusCode, query).toBe(400)
      expect(bad.json().type, query).toBe('/problems/validation')
    }
  })

  it('refuses a trainer of another course, learners and coordinators (403), and anonymous callers (401)', async ({
    app,
  }) => {
    await enrolledLearner(app)
    const otherTrainer = bearer(tokenFor(app, await trainerOf(app, 'other-course')))
    const refused = await app.inject({ method: 'GET', url, headers: otherTrainer })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().type).toBe('/problems/forbidden')
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/courses/other-course/enrolments',
          headers: otherTrainer,
        })
      ).statusCode,
    ).toBe(200)

    const learner = await enrolledLearner(app)
    const asLearner = await app.inject({ method: 'GET', url, headers: learner.headers })
    expect(asLearner.statusCode).toBe(403)
    expect(asLearner.json().type).toBe('/problems/forbidden')
    const coordinator = bearer(
      tokenFor(app, await createUser(app, { roles: ['coordinator'], association: 'skgo' })),
    )
    expect((await app.inject({ method: 'GET', url, headers: coordinator })).statusCode).toBe(403)

    const anonymous = await app.inject({ method: 'GET', url })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().type).toBe('/problems/unauthorized')
  })

  it('answers 404 for an unknown course', async ({ app }) => {
    const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/courses/no-such-course/enrolments',
      headers: admin,
    })
    expect(response.statusCode).toBe(404)
    expect(response.json().type).toBe('/problems/not-found')
  })

  it('names the learner in the enrolment for the trainer', async ({ app }) => {
    const learner = await enrolledLearner(app)
    const trainer = bearer(tokenFor(app, await trainerOf(app, 'civic-basics')))
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/enrolments/${learner.enrolmentId}`,
      headers: trainer,
    })
    expect(response.statusCode).toBe(200)
    expect(response.json().learner).toEqual({
      id: learner.user.id,
      name: learner.user.name,
      email: learner.user.email,
    })
  })
})
