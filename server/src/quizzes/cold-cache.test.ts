import { setTimeout } from 'node:timers/promises'
import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { describe, expect, inject, test as base } from 'vitest'
import { buildApp } from '../app.ts'
import { testConfig } from '../testing/config.ts'
import { openTestDatabase } from '../testing/db.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics, rightAnswers01 } from '../testing/learning.ts'
import { createProgressionMachine, applyEvent, initialProgress } from '../progression/index.ts'

// Course versions and quiz texts are cached after their first load. A transaction that loaded them
// through the pool instead of its own connection would wait forever once every pooled connection
// holds such a transaction: this starts more quiz attempts at once than the pool has connections,
// caches cold, then submits them all at once. (PGlite has one connection: there the first such load
// waits forever.) A query waits at most 4 s for a pooled connection and each round of requests at
// most 15 s, so a deadlock fails the test instead of hanging the run.
const POOL = 2
const LEARNERS = 3 * POOL

const it = base.extend<{ app: FastifyInstance }>({
  app: [
    async ({}, use) => {
      const config = testConfig({ DATABASE_POOL_MAX: String(POOL) })
      const database = await openTestDatabase(inject('database'), {
        poolMax: config.DATABASE_POOL_MAX,
        acquireTimeoutMs: 4_000,
      })
      const app = await buildApp(config, { database })
      await app.ready()
      await importCivicBasics(app)
      await use(app)
      // After a deadlock (a failed test) the stuck requests never let go of their connections.
      await Promise.race([app.close(), setTimeout(5_000)])
    },
    { scope: 'file' },
  ],
})

/** Fails instead of waiting forever: requests stuck on each other's connections never answer. */
function answeredWithin<T>(seconds: number, work: Promise<T>): Promise<T> {
  const controller = new AbortController()
  const deadline = setTimeout(seconds * 1000, undefined, { signal: controller.signal }).then(() => {
    throw new Error(`no answer within ${seconds} s: the requests wait on each other's connections`)
  })
  return Promise.race([work, deadline]).finally(() => controller.abort())
}

/** Learners at the quiz of module 1, written as rows so that no service call warms a cache. */
async function learnersAtTheQuiz(app: FastifyInstance) {
  const course = await app.db
    .selectFrom('courses')
    .select(['id', 'currentVersionId'])
    .where('slug', '=', 'civic-basics')
    .executeTakeFirstOrThrow()
  const version = await app.db
    .selectFrom('courseVersions')
    .select('manifest')
    .where('id', '=', course.currentVersionId!)
    .executeTakeFirstOrThrow()
  const manifest = version.manifest as {
    steps: { kind: 'module'; slug: string }[]
    quiz: { passMark: number; maxAttempts: number }
  }
  const machine = createProgressionMachine(manifest.steps, manifest.quiz)
  const atQuiz = applyEvent(machine, initialProgress(machine), {
    type: 'module.read',
    step: '01-rights',
  })!
  const learners = []
  for (let index = 0; index < LEARNERS; index++) {
    const user = await createUser(app)
    const { id } = await app.db
      .insertInto('enrolments')
      .values({
        userId: user.id,
        courseId: course.id,
        courseVersionId: course.currentVersionId!,
        language: 'en',
        progress: JSON.stringify(atQuiz),
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await sql`insert into progression_events (enrolment_id, sequence, type, payload) values (${id}, 1, 'module.read', '{"step":"01-rights"}'::jsonb)`.execute(
      app.db,
    )
    learners.push({ enrolmentId: id, headers: bearer(tokenFor(app, user)) })
  }
  return learners
}

describe(`quiz attempts on a cold cache with a pool of ${POOL}`, () => {
  it(`starts and grades ${LEARNERS} attempts at once without waiting on the pool`, async ({
    app,
  }) => {
    const learners = await learnersAtTheQuiz(app)

    // Each start locks its enrolment in a transaction and loads the quiz text inside it.
    const started = await answeredWithin(
      15,
      Promise.all(
        learners.map((learner) =>
          app.inject({
            method: 'POST',
            url: `/api/v1/enrolments/${learner.enrolmentId}/attempts`,
            headers: learner.headers,
            payload: { step: '01-rights' },
          }),
        ),
      ),
    )
    expect(started.map((reply) => reply.statusCode)).toEqual(learners.map(() => 201))

    const submitted = await answeredWithin(
      15,
      Promise.all(
        learners.map((learner, index) =>
          app.inject({
            method: 'POST',
            url: `/api/v1/attempts/${started[index]!.json().id}/submit`,
            headers: learner.headers,
            payload: { answers: rightAnswers01 },
          }),
        ),
      ),
    )
    expect(submitted.map((reply) => reply.statusCode)).toEqual(learners.map(() => 200))
    expect(submitted.every((reply) => reply.json().passed === true)).toBe(true)

    if (inject('database').kind === 'postgres') {
      // The pool really is that small: every connection it opened to this database is still open.
      const { rows } = await sql<{
        connections: number
      }>`select count(*)::int as connections from pg_stat_activity where datname = current_database()`.execute(
        app.db,
      )
      expect(rows[0]!.connections).toBe(POOL)
    }
  }, 40_000)
})
