import { createHash, randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { describe, expect } from 'vitest'
import { it } from '../../server/src/testing/app.ts'
import { associationId, bearer, createUser, tokenFor } from '../../server/src/testing/factories.ts'
import { importCivicBasics } from '../../server/src/testing/learning.ts'
import { learnerAtSurvey, submitSurvey } from '../../server/src/testing/surveys.ts'

/**
 * Issue 14's promise: evaluation answers are stored apart from who gave them. After several
 * learners submit through the API, every table of the database is read whole (every column of
 * every row, as JSON) and nothing may join a response to a person.
 */
async function tables(app: FastifyInstance): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE'
     order by table_name`.execute(app.db)
  return rows.map((row) => row.name)
}

async function rowsOf(app: FastifyInstance, table: string): Promise<string[]> {
  const { rows } = await sql<{ row: string }>`
    select row_to_json(t)::text as row from ${sql.table(table)} t`.execute(app.db)
  return rows.map((row) => row.row)
}

/** Every string and number inside a JSON value, at any depth. */
function leaves(value: unknown): (string | number)[] {
  if (typeof value === 'string' || typeof value === 'number') return [value]
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves)
  return []
}

describe('evaluation responses cannot be traced to a learner', () => {
  it('no table but survey_responses holds the answers, and nothing there names a person or an enrolment', async ({
    app,
  }) => {
    await importCivicBasics(app)
    const { id: clusterId } = await app.db
      .insertInto('clusters')
      .values({
        associationId: await associationId(app, 'skgo'),
        name: 'Anonymity',
        startsOn: '2027-01-01',
        endsOn: '2027-02-01',
        capacity: 30,
        createdBy: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const submitted: { enrolmentId: string; userId: string; text: string; rating: number }[] = []
    const fingerprintsWithAnswers: string[] = []
    for (let n = 0; n < 6; n++) {
      const learner = await learnerAtSurvey(app, {
        association: 'skgo',
        ...(n < 5 ? { clusterId } : {}),
        language: n % 2 ? 'sr-Latn' : 'en',
      })
      const text = `anonymity-probe-${randomUUID()}`
      const rating = 1 + (n % 5)
      const answers = { '0': text, '1': rating }
      const key = `anonymity-${n}`
      const response = await submitSurvey(app, learner, answers, { 'idempotency-key': key })
      expect(response.statusCode, response.body).toBe(200)
      submitted.push({ enrolmentId: learner.enrolmentId, userId: learner.user.id, text, rating })
      const body = {
        type: 'survey.submitted',
        step: 'evaluation',
        expectedVersion: learner.version,
        answers,
      }
      fingerprintsWithAnswers.push(
        createHash('sha256').update(JSON.stringify(body)).digest('base64url'),
      )
    }
    // Readers of the reports are signed in and read them: whatever that stores is scanned too.
    const admin = await createUser(app, { roles: ['admin'] })
    const report = await app.inject({
      url: `/api/v1/learning-clusters/${clusterId}/evaluations`,
      headers: bearer(tokenFor(app, admin)),
    })
    expect(report.json().items[0].report.responses).toBe(5)

    // 1. The answer texts are in survey_responses and in no other table, in no column.
    const all = await tables(app)
    expect(all).toContain('survey_responses')
    expect(all.length).toBeGreaterThan(30)
    const holders = new Map<string, number>()
    for (const table of all) {
      for (const row of await rowsOf(app, table)) {
        for (const { text } of submitted)
          if (row.includes(text)) holders.set(table, (holders.get(table) ?? 0) + 1)
      }
    }
    expect(Object.fromEntries(holders)).toEqual({ survey_responses: submitted.length })

    // 2. survey_responses has no column that could hold a person, an enrolment or an instant.
    const { rows: columns } = await sql<{ name: string; type: string }>`
      select column_name as name, data_type as type from information_schema.columns
       where table_schema = current_schema() and table_name = 'survey_responses'
       order by column_name`.execute(app.db)
    expect(columns.map((column) => column.name)).toEqual([
      'answers',
      'cluster_id',
      'course_id',
      'course_version_id',
      'id',
      'language',
      'step',
      'submitted_on',
    ])
    expect(columns.find((column) => column.name === 'submitted_on')!.type).toBe('date')
    const { rows: references } = await sql<{ target: string }>`
      select ccu.table_name as target
        from information_schema.table_constraints tc
        join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
       where tc.table_name = 'survey_responses' and tc.constraint_type = 'FOREIGN KEY'
       order by 1`.execute(app.db)
    expect(references.map((row) => row.target)).toEqual(['clusters', 'course_versions', 'courses'])

    // 3. No value of a response equals a user's or an enrolment's id (or any other person's key).
    const people = await app.db.selectFrom('users').select(['id', 'email', 'name']).execute()
    const enrolments = await app.db.selectFrom('enrolments').select('id').execute()
    const personal = new Set<string>([
      ...people.flatMap((person) => [person.id, person.email, person.name]),
      ...enrolments.map((enrolment) => enrolment.id),
    ])
    for (const { enrolmentId, userId } of submitted) {
      expect(personal.has(enrolmentId) && personal.has(userId)).toBe(true)
    }
    const responses = (await rowsOf(app, 'survey_responses')).map((row) => JSON.parse(row))
    expect(responses).toHaveLength(submitted.length)
    for (const response of responses)
      for (const value of leaves(response))
        expect(personal.has(String(value)), `${String(value)} in survey_responses`).toBe(false)

    // 4. The log says the survey was submitted, not what was answered.
    const events = await app.db
      .selectFrom('progressionEvents')
      .select(['enrolmentId', 'payload'])
      .where('type', '=', 'survey.submitted')
      .execute()
    expect(events).toHaveLength(submitted.length)
    for (const event of events) expect(event.payload).toEqual({ step: 'evaluation' })

    // 5. The audit log and the outbox hold nothing of the submissions. The certificate that the
    // completion brings is audited with its enrolment, as every issue is, and names no answer.
    for (const table of ['audit_events', 'outbox_messages']) {
      for (const row of await rowsOf(app, table)) {
        expect(row).not.toMatch(/survey|evaluation|anonymity-probe/)
        if ((JSON.parse(row) as { action?: string }).action === 'certificate.issued') continue
        for (const { enrolmentId } of submitted) expect(row).not.toContain(enrolmentId)
      }
    }

    // 6. The idempotency receipts (kept beside the learner's id for a day) cannot confirm a
    // guessed answer: their fingerprints are not of the bodies with the answers.
    const receipts = await app.db
      .selectFrom('idempotencyKeys')
      .select(['fingerprint', 'response'])
      .where('scope', 'like', 'enrolment-event:%')
      .execute()
    expect(receipts).toHaveLength(submitted.length)
    for (const receipt of receipts) {
      expect(fingerprintsWithAnswers).not.toContain(receipt.fingerprint)
      expect(JSON.stringify(receipt.response)).not.toMatch(/anonymity-probe|"answers"/)
    }
  }, 120_000) // six learners through the course, then every row of every table read
})
