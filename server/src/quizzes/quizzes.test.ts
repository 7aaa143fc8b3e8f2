import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import {
  enrolledLearner,
  importCivicBasics,
  rightAnswers01,
  rightAnswers02,
  startQuiz,
} from '../testing/learning.ts'

describe('quizzes', () => {
  it.beforeAll(async ({ app }) => {
    await importCivicBasics(app)
  })

  it('rejects answers that do not fit the quiz, naming each one, and stores nothing', async ({
    app,
  }) => {
    const learner = await enrolledLearner(app, { read: true })
    const attempt = (await startQuiz(app, learner)).json()
    const bad = await app.inject({
      method: 'PUT',
      url: `/api/v1/attempts/${attempt.id}/answers`,
      headers: learner.headers,
      payload: { answers: { '0': { choice: '1' }, '2': { choices: ['9'] }, '7': { value: true } } },
    })
    expect(bad.statusCode).toBe(400)
    expect(
      bad
        .json()
        .errors.map((error: { pointer: string }) => error.pointer)
        .sort(),
    ).toEqual(['/body/answers/0', '/body/answers/2', '/body/answers/7'])
    const stored = await app.db
      .selectFrom('quizAttempts')
      .select(['answers', 'savedAt'])
      .where('id', '=', attempt.id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ answers: {}, savedAt: null })
  })

  it('gives module 2 partial and ungraded questions their due', async ({ app }) => {
    const learner = await enrolledLearner(app, { read: true })
    const one = (await startQuiz(app, learner)).json()
    await app.inject({
      method: 'POST',
      url: `/api/v1/attempts/${one.id}/submit`,
      headers: learner.headers,
      payload: { answers: rightAnswers01 },
    })
    const state = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/enrolments/${learner.enrolmentId}`,
        headers: learner.headers,
      })
    ).json()
    await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
      headers: learner.headers,
      payload: { type: 'module.read', step: '02-services', expectedVersion: state.version },
    })
    const two = (await startQuiz(app, learner, '02-services')).json()
    const graded = await app.inject({
      method: 'POST',
      url: `/api/v1/attempts/${two.id}/submit`,
      headers: learner.headers,
      payload: { answers: rightAnswers02 },
    })
    expect(graded.json()).toMatchObject({ passed: true, score: 1 })
    expect(graded.json().results.find((result: { id: string }) => result.id === '2')).toMatchObject(
      { outcome: 'ungraded', points: null },
    )
  })
})
