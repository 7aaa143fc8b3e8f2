import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { importCivicBasics } from '../testing/learning.ts'
import { clusterOf, currentVersionId, learnerAtSurvey, submitSurvey } from '../testing/surveys.ts'

// civic-basics/evaluation: question 0 an essay ("What was good?"), question 1 a rating 1..5.

const responsesOf = (app: FastifyInstance) =>
  app.db.selectFrom('surveyResponses').selectAll().execute()

describe('submitting an evaluation', () => {
  it.beforeAll(async ({ app }) => {
    await importCivicBasics(app)
  })

  it('stores the answers apart, in the same transaction as the event, which keeps no answers', async ({
    app,
  }) => {
    const clusterId = await clusterOf(app, 'skgo')
    const learner = await learnerAtSurvey(app, { language: 'sr-Latn', clusterId })
    const before = (await responsesOf(app)).length
    const submitted = await submitSurvey(
      app,
      learner,
      { '0': '  Primeri iz opština  ', '1': 4 },
      { 'idempotency-key': 'survey-1' },
    )
    expect(submitted.statusCode, submitted.body).toBe(200)
    expect(submitted.json().status).toBe('completed')

    const stored = (await responsesOf(app)).slice(before)
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({
      courseVersionId: await currentVersionId(app),
      step: 'evaluation',
      clusterId,
      language: 'sr-Latn',
      answers: { '0': 'Primeri iz opština', '1': 4 },
    })
    expect(Object.keys(stored[0]!).sort()).toEqual(
      [
        'id',
        'courseId',
        'courseVersionId',
        'step',
        'clusterId',
        'language',
        'answers',
        'submittedOn',
      ].sort(),
    )

    const event = await app.db
      .selectFrom('progressionEvents')
      .select('payload')
      .where('enrolmentId', '=', learner.enrolmentId)
      .where('type', '=', 'survey.submitted')
      .executeTakeFirstOrThrow()
    expect(event.payload).toEqual({ step: 'evaluation' })
    const events = await app.inject({
      url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
      headers: learner.headers,
    })
    // The survey completed the course, so the certificate's issue follows it in the log.
    expect(events.json().items.slice(-2)).toMatchObject([
      { type: 'survey.submitted', payload: { step: 'evaluation' } },
      { type: 'certificate.issued' },
    ])

    // The receipt's fingerprint is of the request without its answers.
    const receipt = await app.db
      .selectFrom('idempotencyKeys')
      .select(['fingerprint', 'response'])
      .where('key', '=', 'survey-1')
      .executeTakeFirstOrThrow()
    const withoutAnswers = { type: 'survey.submitted', step: 'evaluation', expectedVersion: 5 }
    expect(receipt.fingerprint).toBe(
      createHash('sha256').update(JSON.stringify(withoutAnswers)).digest('base64url'),
    )
    expect(JSON.stringify(receipt.response)).not.toContain('opština')

    // A retry with the key gets the first answer and stores nothing more.
    const retried = await submitSurvey(
      app,
      learner,
      { '0': 'Primeri iz opština', '1': 4 },
      { 'idempotency-key': 'survey-1' },
    )
    expect(retried.statusCode).toBe(200)
    expect(retried.json()).toEqual(submitted.json())
    expect(await responsesOf(app)).toHaveLength(before + 1)
  })

  it('refuses answers that do not fit the survey, naming each, and stores nothing', async ({
    app,
  }) => {
    const learner = await learnerAtSurvey(app)
    const before = (await responsesOf(app)).length
    const refused = await submitSurvey(app, learner, {
      '0': 'Fine',
      '1': 9,
      '2': 'no such question',
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/answers/1', reason: 'too-large' }),
      expect.objectContaining({ pointer: '/body/answers/2', reason: 'unknown-reference' }),
    ])
    for (const [answers, pointer, reason] of [
      [{ '1': 0 }, '/body/answers/1', 'too-small'],
      [{ '1': '4' }, '/body/answers/1', 'type'],
      [{ '1': 3.5 }, '/body/answers/1', 'type'],
      [{ '1': 3, '01': 2 }, '/body/answers/01', 'conflict'],
    ] as const) {
      const response = await submitSurvey(app, learner, answers)
      expect(response.statusCode, JSON.stringify(answers)).toBe(400)
      expect(response.json().errors).toEqual([expect.objectContaining({ pointer, reason })])
    }
    expect(await responsesOf(app)).toHaveLength(before)
    const row = await app.db
      .selectFrom('enrolments')
      .select(['version', 'status'])
      .where('id', '=', learner.enrolmentId)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ version: learner.version, status: 'active' })

    // No question is required; a number posted for a text question is kept as its text.
    const accepted = await submitSurvey(app, learner, { '0': 2030 })
    expect(accepted.statusCode, accepted.body).toBe(200)
    expect((await responsesOf(app)).at(-1)!.answers).toEqual({ '0': '2030' })
  })

  it('keeps neither the event nor the response when either cannot be stored', async ({ app }) => {
    const learner = await learnerAtSurvey(app)
    const before = (await responsesOf(app)).length
    await sql`create function refuse_response() returns trigger language plpgsql as $$
      begin raise exception 'refused for the test'; end $$`.execute(app.db)
    await sql`create trigger refuse_response before insert on survey_responses
      for each row execute function refuse_response()`.execute(app.db)
    try {
      const failed = await submitSurvey(app, learner, { '1': 5 })
      expect(failed.statusCode).toBe(500)
    } finally {
      await sql`drop trigger refuse_response on survey_responses`.execute(app.db)
      await sql`drop function refuse_response()`.execute(app.db)
    }
    const events = await app.db
      .selectFrom('progressionEvents')
      .select('type')
      .where('enrolmentId', '=', learner.enrolmentId)
      .where('type', '=', 'survey.submitted')
      .execute()
    expect(events).toEqual([])
    expect(await responsesOf(app)).toHaveLength(before)

    // A stale version stores no response either.
    const stale = await submitSurvey(app, { ...learner, version: learner.version - 1 }, { '1': 5 })
    expect(stale.statusCode).toBe(409)
    expect(await responsesOf(app)).toHaveLength(before)
  })
})
