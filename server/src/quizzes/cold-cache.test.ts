import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestApp } from '../../server/src/testing/app.ts'
import { bearer, createUser, tokenFor } from '../../server/src/testing/factories.ts'
import { importCivicBasics, rightAnswers01 } from '../../server/src/testing/learning.ts'
import {
  createProgressionMachine,
  applyEvent,
  initialProgress,
} from '../../server/src/progression/index.ts'

// Course versions and texts are cached after their first load. A transaction that loaded them
// through the pool instead of its own connection would wait forever once every pooled connection
// holds such a transaction: this runs more submits than the pool has connections, cache cold.
describe('submits on a cold cache with a small pool', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildTestApp({ DATABASE_POOL_MAX: '2' })
    await importCivicBasics(app)
  })
  afterAll(async () => {
    await app?.close()
  })

  it('grades six parallel submits without waiting on the pool', async () => {
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
    // Rows written directly, so that no service call warms the caches before the submits.
    const learners = await Promise.all(
      Array.from({ length: 6 }, async () => {
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
        const attempt = await app.db
          .insertInto('quizAttempts')
          .values({ enrolmentId: id, step: '01-rights', number: 1, language: 'en', seed: 7 })
          .returning('id')
          .executeTakeFirstOrThrow()
        return { headers: bearer(tokenFor(app, user)), attemptId: attempt.id }
      }),
    )
    const replies = await Promise.all(
      learners.map((learner) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/attempts/${learner.attemptId}/submit`,
          headers: learner.headers,
          payload: { answers: rightAnswers01 },
        }),
      ),
    )
    expect(replies.map((reply) => reply.statusCode)).toEqual([200, 200, 200, 200, 200, 200])
    expect(replies.every((reply) => reply.json().passed === true)).toBe(true)
  }, 20_000)
})
