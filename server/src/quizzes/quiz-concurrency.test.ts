import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import {
  enrolledLearner,
  importCivicBasics,
  type Learner,
  rightAnswers01,
  startQuiz,
  wrongAnswers01,
} from '../testing/learning.ts'

/**
 * Many copies of one request at once, as a flaky network or an impatient double click sends them.
 * On PostgreSQL they really race for the enrolment's row lock and the idempotency key; on PGlite
 * they interleave between statements. Either way exactly one may change anything.
 */
const PARALLEL = 20

interface Reply {
  statusCode: number
  headers: Record<string, unknown>
  body: string
  json(): Record<string, unknown>
}

function statuses(replies: Reply[]): Record<number, number> {
  const counts: Record<number, number> = {}
  for (const reply of replies) counts[reply.statusCode] = (counts[reply.statusCode] ?? 0) + 1
  return counts
}

async function eventsOf(app: FastifyInstance, enrolmentId: string) {
  return app.db
    .selectFrom('progressionEvents')
    .select(['sequence', 'type', 'payload'])
    .where('enrolmentId', '=', enrolmentId)
    .orderBy('sequence')
    .execute()
}

async function versionOf(app: FastifyInstance, enrolmentId: string): Promise<number> {
  return (
    await app.db
      .selectFrom('enrolments')
      .select('version')
      .where('id', '=', enrolmentId)
      .executeTakeFirstOrThrow()
  ).version
}

async function keysOf(app: FastifyInstance, learner: Learner) {
  return app.db
    .selectFrom('idempotencyKeys')
    .select(['scope', 'key', 'statusCode'])
    .where('userId', '=', learner.user.id)
    .execute()
}

/** A learner who has read module 1 and holds an open attempt at its quiz. */
async function openAttempt(app: FastifyInstance): Promise<{ learner: Learner; attemptId: string }> {
  const learner = await enrolledLearner(app, { read: true })
  const started = await startQuiz(app, learner)
  expect(started.statusCode).toBe(201)
  return { learner, attemptId: started.json().id as string }
}

function submitAll(
  app: FastifyInstance,
  learner: Learner,
  attemptId: string,
  keyOf: (index: number) => string,
  payload: object,
): Promise<Reply[]> {
  return Promise.all(
    Array.from({ length: PARALLEL }, (_, index) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/attempts/${attemptId}/submit`,
        headers: { ...learner.headers, 'idempotency-key': keyOf(index) },
        payload,
      }),
    ),
  )
}

describe(`${PARALLEL} copies of one request at once`, () => {
  it.beforeAll(async ({ app }) => {
    await importCivicBasics(app)
  })

  it('submits an attempt once when every copy has its own Idempotency-Key: one graded, the rest 409', async ({
    app,
  }) => {
    const { learner, attemptId } = await openAttempt(app)
    const before = await versionOf(app, learner.enrolmentId)
    const replies = await submitAll(app, learner, attemptId, (index) => `submit-${index}`, {
      answers: rightAnswers01,
    })

    expect(
      statuses(replies),
      replies.map((reply) => `${reply.statusCode} ${reply.body}`).join('\n'),
    ).toEqual({ 200: 1, 409: PARALLEL - 1 })
    const graded = replies.find((reply) => reply.statusCode === 200)!
    expect(graded.json()).toMatchObject({ id: attemptId, status: 'graded', passed: true, score: 1 })
    expect(graded.headers['idempotent-replayed']).toBeUndefined()
    for (const refused of replies.filter((reply) => reply.statusCode === 409)) {
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(refused.json()).toMatchObject({ status: 409, type: '/problems/conflict', attemptId })
    }

    const events = await eventsOf(app, learner.enrolmentId)
    expect(events.filter((event) => event.type === 'quiz.submitted')).toEqual([
      {
        sequence: before + 1,
        type: 'quiz.submitted',
        payload: expect.objectContaining({ step: '01-rights', score: 1, attemptId }),
      },
    ])
    expect(await versionOf(app, learner.enrolmentId)).toBe(before + 1)
    const attempts = await app.db
      .selectFrom('quizAttempts')
      .select(['id', 'status', 'score', 'passed'])
      .where('enrolmentId', '=', learner.enrolmentId)
      .execute()
    expect(attempts).toEqual([{ id: attemptId, status: 'graded', score: 1, passed: true }])
    // The refused copies rolled back their claim: only the key that did the work is remembered.
    expect(await keysOf(app, learner)).toEqual([
      {
        scope: `attempt-submit:${attemptId}`,
        key: expect.stringMatching(/^submit-\d+$/),
        statusCode: 200,
      },
    ])
  })

  it('answers every copy with one key and one body alike, storing one event and one key', async ({
    app,
  }) => {
    const { learner, attemptId } = await openAttempt(app)
    const before = await versionOf(app, learner.enrolmentId)
    const replies = await submitAll(app, learner, attemptId, () => 'one-key', {
      answers: wrongAnswers01,
    })

    expect(
      statuses(replies),
      replies.map((reply) => `${reply.statusCode} ${reply.body}`).join('\n'),
    ).toEqual({ 200: PARALLEL })
    const first = replies[0]!.json()
    expect(first).toMatchObject({ id: attemptId, status: 'graded', passed: false, score: 0 })
    for (const reply of replies) expect(reply.json()).toEqual(first)
    // Byte for byte, too: the replay is serialised through the same response schema.
    expect(new Set(replies.map((reply) => reply.body)).size).toBe(1)
    const replayed = replies.filter((reply) => reply.headers['idempotent-replayed'] === 'true')
    expect(replayed).toHaveLength(PARALLEL - 1)

    const events = await eventsOf(app, learner.enrolmentId)
    expect(events.filter((event) => event.type === 'quiz.submitted')).toHaveLength(1)
    expect(await versionOf(app, learner.enrolmentId)).toBe(before + 1)
    expect(await keysOf(app, learner)).toEqual([
      { scope: `attempt-submit:${attemptId}`, key: 'one-key', statusCode: 200 },
    ])
  })

  it('refuses the same key with another body with 422, changing nothing', async ({ app }) => {
    const { learner, attemptId } = await openAttempt(app)
    const url = `/api/v1/attempts/${attemptId}/submit`
    const headers = { ...learner.headers, 'idempotency-key': 'reused' }
    const first = await app.inject({
      method: 'POST',
      url,
      headers,
      payload: { answers: wrongAnswers01 },
    })
    expect(first.statusCode).toBe(200)
    const version = await versionOf(app, learner.enrolmentId)

    const other = await app.inject({
      method: 'POST',
      url,
      headers,
      payload: { answers: rightAnswers01 },
    })
    expect(other.statusCode).toBe(422)
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(other.json()).toMatchObject({ status: 422, type: '/problems/idempotency-mismatch' })
    // An empty body (submit the saved answers) is another body, too.
    const empty = await app.inject({ method: 'POST', url, headers })
    expect(empty.statusCode).toBe(422)
    expect(empty.json().type).toBe('/problems/idempotency-mismatch')

    expect(await versionOf(app, learner.enrolmentId)).toBe(version)
    expect(
      (await eventsOf(app, learner.enrolmentId)).filter((event) => event.type === 'quiz.submitted'),
    ).toHaveLength(1)
    const attempt = await app.db
      .selectFrom('quizAttempts')
      .select(['score', 'passed'])
      .where('id', '=', attemptId)
      .executeTakeFirstOrThrow()
    expect(attempt).toEqual({ score: 0, passed: false })
  })

  it('takes one of many module.read events sent with the same expectedVersion; the rest are 409', async ({
    app,
  }) => {
    const learner = await enrolledLearner(app)
    const replies = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
          headers: { ...learner.headers, 'idempotency-key': `read-${index}` },
          payload: { type: 'module.read', step: '01-rights', expectedVersion: 0 },
        }),
      ),
    )

    expect(
      statuses(replies),
      replies.map((reply) => `${reply.statusCode} ${reply.body}`).join('\n'),
    ).toEqual({ 200: 1, 409: PARALLEL - 1 })
    expect(replies.find((reply) => reply.statusCode === 200)!.json()).toMatchObject({
      version: 1,
      state: { value: { '01-rights': 'quiz' } },
    })
    for (const refused of replies.filter((reply) => reply.statusCode === 409)) {
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(['/problems/stale-version', '/problems/event-refused']).toContain(refused.json().type)
    }
    expect(
      (await eventsOf(app, learner.enrolmentId)).map((event) => ({
        sequence: event.sequence,
        type: event.type,
      })),
    ).toEqual([{ sequence: 1, type: 'module.read' }])
    expect(await versionOf(app, learner.enrolmentId)).toBe(1)
    expect(await keysOf(app, learner)).toHaveLength(1)
  })
})
