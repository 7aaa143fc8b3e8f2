import { sql } from 'kysely'
import { describe, expect } from 'vitest'
import { it } from '../../server/src/testing/app.ts'
import { bearer, createUser, tokenFor } from '../../server/src/testing/factories.ts'
import {
  enrolledLearner,
  importCivicBasics,
  rightAnswers01,
  startQuiz,
  wrongAnswers01,
} from '../../server/src/testing/learning.ts'
import { createProgressionMachine, replay } from '../../server/src/progression/index.ts'
import { loadCourseVersion } from '../../server/src/courses/service.ts'

// Flows across features: enrolments, quizzes, trainers and the audit log together. What one
// feature does alone is tested beside it (enrolments/enrolments.test.ts, quizzes/quizzes.test.ts).
describe('a learner works through a course', () => {
  it.beforeAll(async ({ app }) => {
    await importCivicBasics(app)
  })

  it('fails the quiz, retries, passes, and module 2 opens; replaying the log gives the stored state', async ({
    app,
  }) => {
    const learner = await enrolledLearner(app, { read: true })
    const first = await startQuiz(app, learner)
    expect(first.statusCode).toBe(201)
    expect(first.json()).toMatchObject({
      number: 1,
      status: 'open',
      attemptsAllowed: 2,
      attemptsUsed: 0,
    })
    const failed = await app.inject({
      method: 'POST',
      url: `/api/v1/attempts/${first.json().id}/submit`,
      headers: learner.headers,
      payload: { answers: wrongAnswers01 },
    })
    expect(failed.statusCode).toBe(200)
    expect(failed.json()).toMatchObject({ status: 'graded', passed: false, score: 0 })
    expect(
      failed
        .json()
        .results.every((result: { rightAnswer?: string }) => result.rightAnswer === undefined),
    ).toBe(true)
    expect(
      failed.json().results.find((result: { id: string }) => result.id === '1').feedback[0],
    ).toContain('the rule looks neutral')

    const second = await startQuiz(app, learner)
    expect(second.json()).toMatchObject({ number: 2, status: 'open', attemptsUsed: 1 })
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/v1/attempts/${second.json().id}/answers`,
      headers: learner.headers,
      payload: { answers: rightAnswers01 },
    })
    expect(saved.json().answers).toEqual(rightAnswers01)
    const passed = await app.inject({
      method: 'POST',
      url: `/api/v1/attempts/${second.json().id}/submit`,
      headers: learner.headers,
    })
    expect(passed.json()).toMatchObject({ passed: true, score: 1 })
    expect(
      passed.json().results.find((result: { id: string }) => result.id === '0').rightAnswer,
    ).toBe('1948')

    const enrolment = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/enrolments/${learner.enrolmentId}`,
        headers: learner.headers,
      })
    ).json()
    expect(enrolment.progress.steps.map((step: { status: string }) => step.status)).toEqual([
      'done',
      'current',
      'locked',
      'locked',
    ])
    expect(enrolment.progress.steps[0]).toMatchObject({ phase: 'passed', attempts: 2, score: 1 })
    const module2 = await app.inject({
      method: 'GET',
      url: `/api/v1/enrolments/${learner.enrolmentId}/steps/02-services`,
      headers: learner.headers,
    })
    expect(module2.statusCode).toBe(200)

    const row = await app.db
      .selectFrom('enrolments')
      .select(['progress', 'version', 'courseVersionId'])
      .where('id', '=', learner.enrolmentId)
      .executeTakeFirstOrThrow()
    const log = await app.db
      .selectFrom('progressionEvents')
      .select(['type', 'payload', 'sequence'])
      .where('enrolmentId', '=', learner.enrolmentId)
      .orderBy('sequence')
      .execute()
    expect(log.map((event) => event.type)).toEqual([
      'module.read',
      'quiz.submitted',
      'quiz.retried',
      'quiz.submitted',
    ])
    expect(row.version).toBe(log.length)
    const version = (await loadCourseVersion(app.db, row.courseVersionId))!
    const machine = createProgressionMachine(version.steps, version.rules)
    const replayed = replay(
      machine,
      log.map((event) => ({ type: event.type, ...event.payload }) as never),
    )
    expect(replayed).toEqual(row.progress)
  })

  it('locks the quiz when attempts run out, until a trainer grants one (audited)', async ({
    app,
  }) => {
    const learner = await enrolledLearner(app, { read: true })
    for (let attempt = 0; attempt < 2; attempt++) {
      const started = await startQuiz(app, learner)
      await app.inject({
        method: 'POST',
        url: `/api/v1/attempts/${started.json().id}/submit`,
        headers: learner.headers,
        payload: { answers: wrongAnswers01 },
      })
    }
    const graded = await app.db
      .selectFrom('quizAttempts')
      .select(['result'])
      .where('enrolmentId', '=', learner.enrolmentId)
      .where('number', '=', 2)
      .executeTakeFirstOrThrow()
    // Not even when locked: a trainer may grant another attempt.
    expect(
      (graded.result as { rightAnswer?: string }[]).every(
        (result) => result.rightAnswer === undefined,
      ),
    ).toBe(true)
    const locked = await startQuiz(app, learner)
    expect(locked.statusCode).toBe(409)
    expect(locked.json().type).toBe('/problems/attempts-exhausted')

    const trainer = await createUser(app, { roles: ['trainer'] })
    const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    await app.inject({
      method: 'PUT',
      url: `/api/v1/courses/civic-basics/trainers/${trainer.id}`,
      headers: admin,
    })
    const state = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/enrolments/${learner.enrolmentId}`,
        headers: learner.headers,
      })
    ).json()
    const grant = await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
      headers: bearer(tokenFor(app, trainer)),
      payload: {
        type: 'attempt.granted',
        step: '01-rights',
        expectedVersion: state.version,
        reason: 'Connection dropped during attempt 2',
      },
    })
    expect(grant.statusCode).toBe(200)
    expect(grant.json().progress.steps[0]).toMatchObject({ phase: 'failed', attemptsAllowed: 3 })
    const audit = await app.db
      .selectFrom('auditEvents')
      .select(['action', 'actorId', 'details'])
      .where('action', '=', 'attempt.granted')
      .execute()
    expect(audit).toEqual([
      {
        action: 'attempt.granted',
        actorId: trainer.id,
        details: expect.objectContaining({
          step: '01-rights',
          reason: 'Connection dropped during attempt 2',
        }),
      },
    ])
    const third = await startQuiz(app, learner)
    expect(third.statusCode).toBe(201)
    expect(third.json().number).toBe(3)

    const review = await app.inject({
      method: 'GET',
      url: `/api/v1/enrolments/${learner.enrolmentId}/attempts`,
      headers: bearer(tokenFor(app, trainer)),
    })
    expect(review.json().items[0].questions[0]).toMatchObject({
      answer: '1950',
      result: { outcome: 'wrong', rightAnswer: '1948' },
    })
    const learnerList = await app.inject({
      method: 'GET',
      url: `/api/v1/enrolments/${learner.enrolmentId}/attempts`,
      headers: learner.headers,
    })
    expect(learnerList.json().items[0].questions).toBeUndefined()
  })

  it('hides enrolments and attempts from other learners and other associations', async ({
    app,
  }) => {
    const learner = await enrolledLearner(app, { read: true, association: 'skgo' })
    const attempt = (await startQuiz(app, learner)).json()
    const other = bearer(tokenFor(app, await createUser(app)))
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/enrolments/${learner.enrolmentId}`,
          headers: other,
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/attempts/${attempt.id}`, headers: other }))
        .statusCode,
    ).toBe(404)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/attempts/${attempt.id}/submit`,
          headers: other,
        })
      ).statusCode,
    ).toBe(404)
    const zels = bearer(
      tokenFor(app, await createUser(app, { roles: ['coordinator'], association: 'zels' })),
    )
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/enrolments/${learner.enrolmentId}`,
          headers: zels,
        })
      ).statusCode,
    ).toBe(404)
    const skgo = bearer(
      tokenFor(app, await createUser(app, { roles: ['coordinator'], association: 'skgo' })),
    )
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/enrolments/${learner.enrolmentId}`,
          headers: skgo,
        })
      ).statusCode,
    ).toBe(200)
  })

  it('refuses bad input on every learning write with the field and the reason, storing nothing', async ({
    app,
  }) => {
    const learner = await enrolledLearner(app)
    const base = `/api/v1/enrolments/${learner.enrolmentId}`
    const pointers = async (response: {
      statusCode: number
      json(): { errors?: { pointer: string }[] }
    }) => {
      expect(response.statusCode).toBe(400)
      return (response.json().errors ?? []).map((error) => error.pointer)
    }
    expect(
      await pointers(
        await app.inject({
          method: 'POST',
          url: `${base}/withdrawal`,
          headers: learner.headers,
          payload: { reason: '' },
        }),
      ),
    ).toContain('/body/reason')
    expect(
      await pointers(
        await app.inject({
          method: 'PATCH',
          url: base,
          headers: learner.headers,
          payload: { language: 'sq' },
        }),
      ),
    ).toEqual(['/body/language'])
    expect(
      await pointers(
        await app.inject({
          method: 'PUT',
          url: `${base}/reading-positions/01-rights`,
          headers: learner.headers,
          payload: { anchor: 'two words' },
        }),
      ),
    ).toContain('/body/anchor')
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `${base}/reading-positions/evaluation`,
          headers: learner.headers,
          payload: { anchor: 'x' },
        })
      ).statusCode,
    ).toBe(404)
    expect(
      await pointers(
        await app.inject({
          method: 'POST',
          url: `${base}/events`,
          headers: learner.headers,
          payload: { type: 'quiz.submitted', step: '01-rights', expectedVersion: 0 },
        }),
      ),
    ).toContain('/body/type')
    expect(
      await pointers(
        await app.inject({
          method: 'POST',
          url: `${base}/events`,
          headers: learner.headers,
          payload: {
            type: 'module.read',
            step: '01-rights',
            expectedVersion: 0,
            answers: { '0': 'x' },
          },
        }),
      ),
    ).toEqual(['/body/answers'])
    expect(
      await pointers(
        await app.inject({
          method: 'POST',
          url: `${base}/events`,
          headers: { ...learner.headers, 'idempotency-key': 'has spaces' },
          payload: { type: 'module.read', step: '01-rights', expectedVersion: 0 },
        }),
      ),
    ).toEqual(['/headers/idempotency-key'])
    const early = await startQuiz(app, learner, '02-services')
    expect(early.statusCode).toBe(409)
    const row = await app.db
      .selectFrom('enrolments')
      .select(['status', 'language', 'version'])
      .where('id', '=', learner.enrolmentId)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'active', language: 'en', version: 0 })
    const rowsOf = async (table: string, column: string, value: string) => {
      const { rows } = await sql<{ count: number }>`select count(*)::int as count
        from ${sql.table(table)} where ${sql.ref(column)} = ${value}`.execute(app.db)
      return rows[0]?.count
    }
    const of = learner.enrolmentId
    expect(await rowsOf('progression_events', 'enrolment_id', of)).toBe(0)
    expect(await rowsOf('reading_positions', 'enrolment_id', of)).toBe(0)
    expect(await rowsOf('quiz_attempts', 'enrolment_id', of)).toBe(0)
    expect(await rowsOf('idempotency_keys', 'user_id', learner.user.id)).toBe(0)
  })
})
