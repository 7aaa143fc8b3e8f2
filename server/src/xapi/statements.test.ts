import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { publicOrigin } from '../config.ts'
import type { Db } from '../db/create-db.ts'
import { appendEvent, commitProgression, lockForChange } from '../enrolments/service.ts'
import type { ProgressionEvent } from '../progression/index.ts'
import { it } from '../testing/app.ts'
import { sessionStartingNow, versionOf } from '../testing/attendance.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'
import {
  enrolledLearner,
  importCivicBasics,
  type Learner,
  rightAnswers01,
  rightAnswers02,
  startQuiz,
  wrongAnswers01,
} from '../testing/learning.ts'
import { courseTrainer, registerForSession } from '../testing/webinars.ts'
import { xapiProblems } from '../testing/xapi.ts'
import { statementFor } from './statements.ts'

type Statement = {
  id: string
  actor: { account: { homePage: string; name: string } }
  verb: { id: string }
  object: { id: string; definition: { type: string; name?: Record<string, string> } }
  result?: { score?: { scaled: number }; success?: boolean; completion?: boolean }
  context: {
    registration: string
    instructor?: { account: { name: string } }
    contextActivities: { parent: { id: string }[]; grouping?: { id: string }[] }
  }
  timestamp: string
}

async function eventsWithStatements(db: Db, enrolmentId: string) {
  const events = await db
    .selectFrom('progressionEvents as p')
    .leftJoin('xapiStatements as x', 'x.eventId', 'p.id')
    .select(['p.id', 'p.type', 'p.sequence', 'p.at', 'x.id as statementId', 'x.userId'])
    .select(['x.statement', 'x.position', 'x.storedAt', 'x.enrolmentId'])
    .where('p.enrolmentId', '=', enrolmentId)
    .orderBy('p.sequence')
    .execute()
  return events.map((row) => ({ ...row, statement: row.statement as Statement | null }))
}

async function send(app: FastifyInstance, learner: Learner, payload: Record<string, unknown>) {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
    headers: learner.headers,
    payload: { ...payload, expectedVersion: await versionOf(app, learner) },
  })
  expect(response.statusCode, response.body).toBe(200)
}

async function takeQuiz(app: FastifyInstance, learner: Learner, step: string, answers: object) {
  const attempt = await startQuiz(app, learner, step)
  expect(attempt.statusCode, attempt.body).toBe(201)
  const submit = await app.inject({
    method: 'POST',
    url: `/api/v1/attempts/${attempt.json().id as string}/submit`,
    headers: learner.headers,
    payload: { answers },
  })
  expect(submit.statusCode, submit.body).toBe(200)
}

const adl = (verb: string) => `http://adlnet.gov/expapi/verbs/${verb}`

describe('xAPI statements of progression events', () => {
  it.beforeAll(async ({ app }) => {
    await importCivicBasics(app)
  })

  it('a learner going through civic-basics gets one valid xAPI 1.0.3 statement per event, written with it', async ({
    app,
  }) => {
    const origin = publicOrigin(app.config)
    const learner = await enrolledLearner(app, { read: true })
    // Module 1: failed twice (locked), a trainer grants another attempt, then passed.
    await takeQuiz(app, learner, '01-rights', wrongAnswers01)
    await send(app, learner, { type: 'quiz.retried', step: '01-rights' })
    await takeQuiz(app, learner, '01-rights', wrongAnswers01)
    const trainer = await courseTrainer(app)
    const grant = await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
      headers: trainer.headers,
      payload: {
        type: 'attempt.granted',
        step: '01-rights',
        expectedVersion: await versionOf(app, learner),
        reason: 'Connection dropped',
      },
    })
    expect(grant.statusCode, grant.body).toBe(200)
    await send(app, learner, { type: 'quiz.retried', step: '01-rights' })
    await takeQuiz(app, learner, '01-rights', rightAnswers01)
    // Module 2, then the webinar: registered for a session, marked attended.
    await send(app, learner, { type: 'module.read', step: '02-services' })
    await takeQuiz(app, learner, '02-services', rightAnswers02)
    const { session, staff } = await sessionStartingNow(app)
    await registerForSession(app, learner, session.id)
    const marked = await app.inject({
      method: 'PUT',
      url: `/api/v1/webinars/${session.id}/attendance`,
      headers: staff,
      payload: { marks: [{ userId: learner.user.id, status: 'attended' }] },
    })
    expect(marked.statusCode, marked.body).toBe(200)
    await send(app, learner, { type: 'survey.submitted', step: 'evaluation', answers: {} })
    // The certificate's event, appended as certificates does it (unless it already has).
    await app.db.transaction().execute(async (trx) => {
      const row = await lockForChange(trx, learner.enrolmentId)
      if (row.progress.value === 'completed')
        await appendEvent(trx, row, { type: 'certificate.issued' }, null)
    })

    const rows = await eventsWithStatements(app.db, learner.enrolmentId)
    expect(rows.map((row) => row.type)).toEqual([
      'module.read',
      'quiz.submitted',
      'quiz.retried',
      'quiz.submitted',
      'attempt.granted',
      'quiz.retried',
      'quiz.submitted',
      'module.read',
      'quiz.submitted',
      'webinar.registered',
      'webinar.attended',
      'survey.submitted',
      'certificate.issued',
    ])
    // One statement per event, stored with it, in the event's order.
    for (const row of rows) {
      expect(row.statement, row.type).not.toBeNull()
      expect(xapiProblems(row.statement), row.type).toEqual([])
      expect(row.statement!.id).toBe(row.statementId)
      expect(row.userId).toBe(learner.user.id)
      expect(row.enrolmentId).toBe(learner.enrolmentId)
      expect(row.storedAt?.getTime()).toBe(row.at.getTime())
      expect(row.statement!.timestamp).toBe(row.at.toISOString())
      expect(row.statement!.actor).toEqual({
        objectType: 'Agent',
        account: { homePage: origin, name: learner.user.id },
      })
      expect(row.statement!.context.registration).toBe(learner.enrolmentId)
      expect(row.statement!.context.contextActivities.parent).toEqual([
        expect.objectContaining({ id: `${origin}/courses/civic-basics/versions/1` }),
      ])
    }
    const positions = rows.map((row) => row.position!)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(new Set(rows.map((row) => row.statementId)).size).toBe(rows.length)
    // Never an e-mail address, anywhere in a statement.
    expect(JSON.stringify(rows.map((row) => row.statement))).not.toContain(learner.user.email)
    expect(JSON.stringify(rows.map((row) => row.statement))).not.toContain('mbox')

    const statements = rows.map((row) => row.statement!)
    expect(statements.map((s) => s.verb.id)).toEqual([
      adl('experienced'),
      adl('failed'),
      adl('attempted'),
      adl('failed'),
      `${origin}/xapi/verbs/granted-attempt`,
      adl('attempted'),
      adl('passed'),
      adl('experienced'),
      adl('passed'),
      adl('registered'),
      adl('attended'),
      adl('completed'),
      adl('completed'),
    ])
    const step = (slug: string) => `${origin}/courses/civic-basics/steps/${slug}`
    expect(statements.map((s) => s.object.id)).toEqual([
      step('01-rights'),
      `${step('01-rights')}/quiz`,
      `${step('01-rights')}/quiz`,
      `${step('01-rights')}/quiz`,
      `${step('01-rights')}/quiz`,
      `${step('01-rights')}/quiz`,
      `${step('01-rights')}/quiz`,
      step('02-services'),
      `${step('02-services')}/quiz`,
      step('peer-exchange'),
      step('peer-exchange'),
      step('evaluation'),
      `${origin}/courses/civic-basics`,
    ])
    // The failed and the passed quiz: the scaled score, success and completion.
    const failed = statements[1]!
    expect(failed.result).toMatchObject({ success: false, completion: true })
    expect(failed.result!.score!.scaled).toBeGreaterThanOrEqual(0)
    expect(failed.result!.score!.scaled).toBeLessThan(0.7)
    expect(failed.object.definition).toEqual({
      type: 'http://adlnet.gov/expapi/activities/assessment',
      name: { en: expect.any(String) },
    })
    expect(statements[6]!.result).toEqual({ score: { scaled: 1 }, success: true, completion: true })
    expect(statements[0]!.object.definition.type).toBe('http://adlnet.gov/expapi/activities/module')
    expect(statements[10]!.object.definition.type).toBe(
      'http://adlnet.gov/expapi/activities/meeting',
    )
    expect(statements[12]!.object.definition).toEqual({
      type: 'http://adlnet.gov/expapi/activities/course',
      name: { en: 'Civic Basics', 'sr-Latn': 'Osnove građanstva', 'sr-Cyrl': 'Основе грађанства' },
    })
    // The trainer's grant names the trainer as instructor; the learner stays the actor.
    expect(statements[4]!.context.instructor).toEqual({
      objectType: 'Agent',
      account: { homePage: origin, name: trainer.user.id },
    })
    expect(statements[0]!.context.instructor).toBeUndefined()
  })

  it('an approved good practice (webinar.excused) completes the webinar step by its alternative', async ({
    app,
  }) => {
    const learner = await enrolledLearner(app, { language: 'sr-Cyrl' })
    const events: ProgressionEvent[] = [
      { type: 'module.read', step: '01-rights' },
      { type: 'quiz.submitted', step: '01-rights', score: 0.8 },
      { type: 'module.read', step: '02-services' },
      { type: 'quiz.submitted', step: '02-services', score: 0.7 },
      { type: 'webinar.excused', step: 'peer-exchange' },
    ]
    await app.db.transaction().execute(async (trx) => {
      let row = await lockForChange(trx, learner.enrolmentId)
      for (const event of events) ({ row } = await appendEvent(trx, row, event, null))
    })
    const rows = await eventsWithStatements(app.db, learner.enrolmentId)
    expect(rows).toHaveLength(5)
    for (const row of rows) expect(xapiProblems(row.statement), row.type).toEqual([])
    const excused = rows[4]!.statement!
    const origin = publicOrigin(app.config)
    expect(excused.verb.id).toBe(adl('completed'))
    expect(excused.result).toEqual({
      completion: true,
      extensions: { [`${origin}/xapi/extensions/alternative`]: 'good-practice' },
    })
    // The generated language: the module's title in Cyrillic.
    expect(rows[0]!.statement!.object.definition.name).toEqual({ 'sr-Cyrl': expect.any(String) })
    expect(rows[3]!.statement!.result).toMatchObject({ score: { scaled: 0.7 }, success: true })
  })

  it('a rolled-back event leaves no statement, and an event that loses the race writes none', async ({
    app,
  }) => {
    const learner = await enrolledLearner(app)
    await expect(
      app.db.transaction().execute(async (trx) => {
        const row = await lockForChange(trx, learner.enrolmentId)
        await appendEvent(trx, row, { type: 'module.read', step: '01-rights' }, null)
        // Inside the event's transaction, its statement is there.
        const seen = await eventsWithStatements(trx, learner.enrolmentId)
        expect(seen.map((row) => row.statement?.verb.id)).toEqual([adl('experienced')])
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await eventsWithStatements(app.db, learner.enrolmentId)).toEqual([])
    const count = async () =>
      (
        await app.db
          .selectFrom('xapiStatements')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('enrolmentId', '=', learner.enrolmentId)
          .executeTakeFirstOrThrow()
      ).n
    expect(Number(await count())).toBe(0)

    // A commit at a version that is no longer current applies nothing, statement included.
    await app.db.transaction().execute(async (trx) => {
      const row = await lockForChange(trx, learner.enrolmentId)
      await appendEvent(trx, row, { type: 'module.read', step: '01-rights' }, null)
    })
    const stale = await commitProgression(app.db, {
      enrolmentId: learner.enrolmentId,
      expectedVersion: 0,
      sequence: 1,
      type: 'module.read',
      payload: { step: '01-rights' },
      actorId: null,
      at: new Date(),
      progress: { value: 'x', context: { attempts: {}, granted: {}, scores: {}, outcomes: {} } },
      status: 'active',
      completedAt: null,
      statement: { id: crypto.randomUUID(), userId: learner.user.id, body: { late: true } },
    })
    expect(stale).toBe(false)
    expect(Number(await count())).toBe(1)
  })

  it('the export holds the person’s statements and erasure deletes them', async ({ app }) => {
    const learner = await enrolledLearner(app, { read: true })
    const exported = await app.inject({ url: '/api/v1/me/data', headers: learner.headers })
    expect(exported.statusCode).toBe(200)
    const part = exported.json().xapiStatements as { statement: Statement }[]
    expect(part).toHaveLength(1)
    expect(part[0]!.statement).toMatchObject({
      verb: { id: adl('experienced') },
      actor: { account: { name: learner.user.id } },
      context: { registration: learner.enrolmentId },
    })
    expect(xapiProblems(part[0]!.statement)).toEqual([])

    const other = await enrolledLearner(app, { read: true })
    const admin = await createUser(app, { roles: ['admin'] })
    const erased = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${learner.user.id}/personal-data`,
      headers: bearer(tokenFor(app, admin)),
    })
    expect(erased.statusCode, erased.body).toBe(204)
    const left = await app.db
      .selectFrom('xapiStatements')
      .select(['userId'])
      .where('userId', 'in', [learner.user.id, other.user.id])
      .execute()
    expect(left).toEqual([{ userId: other.user.id }])
  })
})

describe('the xAPI rules of the test', () => {
  const valid = statementFor({
    id: '5b0f8a0e-8c51-4c59-9a3f-2f3e1f6b9d10',
    origin: 'https://agora.example.org',
    userId: 'a3e0c9a8-3b7e-4a54-8d7c-0c1a2d3e4f50',
    actorId: null,
    enrolmentId: '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a',
    language: 'en',
    course: { slug: 'civic-basics', version: 1, titles: { en: 'Civic Basics' } },
    step: { kind: 'module', title: 'Rights' },
    event: { type: 'quiz.submitted', step: '01-rights', score: 0.5 },
    passed: false,
    sequence: 2,
    at: new Date('2026-12-06T05:00:00Z'),
  })

  it('accept the statement Agora builds', () => {
    expect(xapiProblems(valid)).toEqual([])
  })

  it('refuse what an LRS would refuse and what Agora never sends', () => {
    const broken = (change: (s: Record<string, unknown>) => void) => {
      const copy = structuredClone(valid) as unknown as Record<string, unknown>
      change(copy)
      return xapiProblems(copy)
    }
    expect(broken((s) => delete s.verb)).toContain('/verb: required')
    expect(broken((s) => (s.id = 'not-a-uuid'))).toContain('/id: not a v4 UUID')
    expect(broken((s) => (s.timestamp = '2026-12-06T05:00:00'))).toContain(
      '/timestamp: not ISO 8601 with a zone',
    )
    expect(
      broken((s) => ((s.result as { score: { scaled: number } }).score.scaled = 1.5)),
    ).toContain('/result/score/scaled: not a number from -1 to 1')
    expect(broken((s) => ((s.actor as Record<string, unknown>).mbox = 'mailto:a@b.org'))).toEqual(
      expect.arrayContaining(['/actor/mbox: Agora identifies people by account only']),
    )
    expect(broken((s) => ((s.object as { id: string }).id = '/courses/civic-basics'))).toContain(
      '/object/id: not an absolute IRI',
    )
    expect(
      broken((s) => ((s.context as { registration: string }).registration = 'enrolment-1')),
    ).toContain('/context/registration: not a UUID')
    expect(broken((s) => (s.version = '1.0.0'))).toContain('/version: not 1.0.3')
  })
})
