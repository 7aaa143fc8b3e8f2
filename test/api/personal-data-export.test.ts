import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { describe, expect } from 'vitest'
import { deliveredTo, it } from '../../server/src/testing/app.ts'
import { openCall } from '../../server/src/testing/applications.ts'
import { passModule, sessionStartingNow, versionOf } from '../../server/src/testing/attendance.ts'
import {
  bearer,
  createUser,
  municipalityId,
  type TestUser,
  tokenFor,
} from '../../server/src/testing/factories.ts'
import { importCivicBasics, type Learner } from '../../server/src/testing/learning.ts'
import { linkIn, tokenOf } from '../../server/src/testing/mail.ts'
import { registerForSession } from '../../server/src/testing/webinars.ts'

// "Download my data" must hold everything Agora stores about a person (GDPR art. 15). This test
// gives one person data in every feature, then reads the schema itself: every table of the public
// schema, every row that names the person (a uuid column equal to their id, a text column equal
// to their id or address) and every row reached from those through foreign keys (their
// enrolments' events, attempts and reading positions, their applications' candidates...). Each
// such row must be in the export, by its id or by its distinctive values, unless its table is in
// the list of exceptions below with a reason. A new table that stores something about a person
// fails here until its owner hands identity a PersonalDataHolder (app.ts).

/** Tables whose rows about the person are deliberately not in the export, and why. */
const exceptions: Record<string, string> = {
  idempotency_keys:
    'technical receipts: the answer to a retried write, replayed for a day; the records the writes made are exported by their owners',
  rate_limit_hits: 'technical counters of requests per key and minute, gone within the window',
  login_throttles:
    'a security counter of failed sign-ins against the address, cleared on success; erasure deletes it',
  outbox_messages:
    'copies of e-mails sent to the address: they carry live secrets (invitation, password-reset and calendar links) and restate records their owners export (invitations, reminders, webinar invitations); erasure deletes them',
  survey_responses:
    "stored without any link to their author by design (ARCHITECTURE: evaluations are anonymous), so no scan reaches them; the submission is in the enrolment's events",
}

/**
 * How a row is found in the export: each column's value under the given key of one object of the
 * export (or in the array under it). Tables with an `id` column default to `{ id: 'id' }`; these
 * are found by distinctive values where the export has no id for them (or the table has none).
 */
const matchers: Record<string, Record<string, string>> = {
  user_roles: { role: 'roles' },
  refresh_tokens: { created_at: 'createdAt', expires_at: 'expiresAt' },
  user_tokens: { purpose: 'purpose', created_at: 'createdAt' },
  password_reset_requests: { requested_at: 'requestedAt', ip: 'ip' },
  invitations: { email: 'email', created_at: 'createdAt' },
  audit_events: { action: 'action', at: 'at' },
  progression_events: { sequence: 'sequence', type: 'type', at: 'at' },
  reading_positions: { step: 'step', anchor: 'anchor', updated_at: 'updatedAt' },
  cluster_members: { source: 'source', joined_at: 'joinedAt' },
  webinar_registrations: { session_id: 'sessionId', registered_at: 'registeredAt' },
  webinar_attendance: { session_id: 'sessionId', status: 'status', marked_at: 'markedAt' },
  calendar_feeds: { created_at: 'createdAt' },
  certificates: { code: 'code' },
}

/** Tables the person below has rows in: the scan must find each, or the test built too little. */
const expectedTables = [
  'users',
  'user_roles',
  'refresh_tokens',
  'user_tokens',
  'invitations',
  'audit_events',
  'enrolments',
  'progression_events',
  'reading_positions',
  'quiz_attempts',
  'cluster_members',
  'learner_reminders',
  'applications',
  'application_candidates',
  'webinar_registrations',
  'webinar_attendance',
  'calendar_feeds',
  'good_practices',
  'idempotency_keys',
  'outbox_messages',
]

const practice = {
  title: 'A desk for every language',
  countryCode: 'RS',
  municipalityName: 'Kragujevac',
  area: 'services',
  problem: 'Nobody came to the office.',
  actions: 'We opened a desk in the market.',
  results: 'Many came.',
  contactRole: 'Office for Social Protection',
  body: '',
  language: 'en',
  public: true,
}

type Headers = { authorization: string }

async function ok(
  response: { statusCode: number; body: string; json(): unknown },
  what: string,
  status = 200,
): Promise<Record<string, unknown>> {
  if (response.statusCode !== status)
    throw new Error(`${what}: ${response.statusCode} ${response.body}`)
  return (response.body ? response.json() : {}) as Record<string, unknown>
}

/**
 * A learner invited to Kragujevac who accepted, asked for a password reset, took civic-basics to
 * the end (both quizzes, a reading position, a webinar registration and attendance, the
 * evaluation), joined and left a cluster after a reminder, applied to a call, wrote a good
 * practice and made a calendar feed: something in every feature that keeps personal data.
 */
async function personWithDataEverywhere(
  app: FastifyInstance,
  mailbox: Parameters<typeof deliveredTo>[1],
) {
  await importCivicBasics(app)
  const admin = await createUser(app, { roles: ['admin'] })
  const asAdmin = bearer(tokenFor(app, admin))
  const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
  const asCoordinator = bearer(tokenFor(app, coordinator))

  const email = `export.probe.${Date.now()}@example.org`
  await ok(
    await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: asAdmin,
      payload: {
        email,
        name: 'Jelena Izvozić',
        roles: ['learner'],
        municipalityId: await municipalityId(app, 'RS', 'Kragujevac'),
        position: 'Officer for inclusion',
        preferredLanguage: 'en',
      },
    }),
    'invite',
    201,
  )
  const invitationToken = tokenOf(linkIn(await deliveredTo(app, mailbox, email), '/invitations/'))
  const accepted = await ok(
    await app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${invitationToken}/accept`,
      payload: { password: 'a long and private passphrase' },
    }),
    'accept',
  )
  const profile = accepted.user as { id: string; association: { id: string } | null }
  const user: TestUser = {
    id: profile.id,
    email,
    name: 'Jelena Izvozić',
    password: 'a long and private passphrase',
    roles: ['learner'],
    associationId: profile.association?.id ?? null,
  }
  const headers: Headers = bearer(tokenFor(app, user))
  await ok(
    await app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email } }),
    'password reset',
    202,
  )
  // The outbox worker turns the request into a one-hour link (user_tokens) and an e-mail.
  await deliveredTo(app, mailbox, email)

  // Learning: civic-basics, both quizzes (module 2 has written answers), a reading position.
  const enrolled = await ok(
    await app.inject({
      method: 'POST',
      url: '/api/v1/enrolments',
      headers,
      payload: { courseSlug: 'civic-basics', language: 'en' },
    }),
    'enrol',
    201,
  )
  const learner: Learner = { user, headers, enrolmentId: enrolled.id as string }
  await passModule(app, learner, '01-rights')
  await ok(
    await app.inject({
      method: 'PUT',
      url: `/api/v1/enrolments/${learner.enrolmentId}/reading-positions/01-rights`,
      headers,
      payload: { anchor: 'the-declaration' },
    }),
    'reading position',
    204,
  )
  await passModule(app, learner, '02-services')

  // A cluster of skgo: joined, reminded by its coordinator, then left with a reason.
  const cluster = await ok(
    await app.inject({
      method: 'POST',
      url: '/api/v1/learning-clusters',
      headers: asCoordinator,
      payload: {
        name: 'Export probe cohort',
        description: 'Spring cohort.',
        startsOn: '2027-02-01',
        endsOn: '2027-05-31',
        capacity: 10,
        courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
      },
    }),
    'cluster',
    201,
  )
  const clusterUrl = `/api/v1/learning-clusters/${cluster.id as string}`
  await ok(
    await app.inject({
      method: 'POST',
      url: `${clusterUrl}/members`,
      headers: asCoordinator,
      payload: { userIds: [user.id] },
    }),
    'member',
  )
  await ok(
    await app.inject({
      method: 'PUT',
      url: `${clusterUrl}/status`,
      headers: asCoordinator,
      payload: { status: 'running' },
    }),
    'running',
  )
  await ok(
    await app.inject({
      method: 'POST',
      url: `${clusterUrl}/members/${user.id}/reminder`,
      headers: asCoordinator,
    }),
    'reminder',
    201,
  )
  await ok(
    await app.inject({
      method: 'POST',
      url: `${clusterUrl}/members/${user.id}/withdrawal`,
      headers: asCoordinator,
      payload: { reason: 'Moved to another municipality' },
    }),
    'leave',
    204,
  )

  // An application to a call, submitted under an Idempotency-Key.
  const { callId } = await openCall(app, { coordinator })
  await ok(
    await app.inject({
      method: 'POST',
      url: `/api/v1/calls/${callId}/application/submission`,
      headers: { ...headers, 'idempotency-key': 'export-probe-application' },
      payload: {
        answers: { motivation: 'I run the inclusion office.', 'council-membership': true },
        candidates: [
          {
            position: 'officer',
            languages: ['sr'],
            answers: {},
            declared: { gender: 'woman' },
          },
        ],
      },
    }),
    'application',
  )

  // The webinar: registered for a session, marked attended by staff; then the evaluation.
  const { session } = await sessionStartingNow(app, { staff: asAdmin })
  await registerForSession(app, learner, session.id)
  await ok(
    await app.inject({
      method: 'PUT',
      url: `/api/v1/webinars/${session.id}/attendance`,
      headers: asAdmin,
      payload: { marks: [{ userId: user.id, status: 'attended' }] },
    }),
    'attendance',
  )
  await ok(
    await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
      headers,
      payload: {
        type: 'survey.submitted',
        step: 'evaluation',
        expectedVersion: await versionOf(app, learner),
        answers: { '0': 'export-probe-evaluation', '1': 4 },
      },
    }),
    'evaluation',
  )

  await ok(
    await app.inject({ method: 'POST', url: '/api/v1/me/calendar-feed', headers }),
    'calendar feed',
    201,
  )
  await ok(
    await app.inject({ method: 'POST', url: '/api/v1/good-practices', headers, payload: practice }),
    'good practice',
    201,
  )
  return { user, headers, enrolmentId: learner.enrolmentId, asAdmin }
}

interface Column {
  table: string
  column: string
  type: string
}

interface ForeignKey {
  child: string
  childColumn: string
  parent: string
  parentColumn: string
}

type Row = Record<string, unknown>

const textTypes = new Set(['text', 'varchar', 'bpchar'])

/** Every row of the public schema that names the person, or is reached from one by a foreign key. */
async function scanForPerson(app: FastifyInstance, user: { id: string; email: string }) {
  const { rows: columns } = await sql<Column>`
    select table_name as "table", column_name as "column", udt_name as "type"
    from information_schema.columns
    where table_schema = 'public'
    order by table_name, ordinal_position`.execute(app.db)
  const { rows: keys } = await sql<ForeignKey>`
    select child.relname as "child", ca.attname as "childColumn",
      parent.relname as "parent", pa.attname as "parentColumn"
    from pg_constraint c
    join pg_class child on child.oid = c.conrelid
    join pg_class parent on parent.oid = c.confrelid
    join pg_attribute ca on ca.attrelid = c.conrelid and ca.attnum = c.conkey[1]
    join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = c.confkey[1]
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace
      and array_length(c.conkey, 1) = 1`.execute(app.db)
  const tables = [...new Set(columns.map((c) => c.table))]
  const typesOf = new Map(
    tables.map((table) => [
      table,
      new Map(columns.filter((c) => c.table === table).map((c) => [c.column, c.type])),
    ]),
  )

  const found = new Map<string, Map<string, Row>>()
  const pending: { table: string; row: Row }[] = []
  const add = (table: string, rows: { row: string }[]) => {
    const seen = found.get(table) ?? new Map<string, Row>()
    found.set(table, seen)
    for (const { row } of rows) {
      if (seen.has(row)) continue
      const parsed = JSON.parse(row) as Row
      seen.set(row, parsed)
      pending.push({ table, row: parsed })
    }
  }
  const rowsWhere = (table: string, column: string, value: unknown, type: string) =>
    sql<{ row: string }>`
      select to_jsonb(t)::text as row from ${sql.table(table)} as t
      where ${sql.ref(`t.${column}`)} = cast(${String(value)} as ${sql.raw(type)})`.execute(app.db)

  for (const table of tables) {
    const named = columns
      .filter((c) => c.table === table)
      .flatMap(({ column, type }) => {
        const ref = sql.ref(`t.${column}`)
        if (type === 'uuid') return [sql`${ref} = cast(${user.id} as uuid)`]
        if (!textTypes.has(type)) return []
        return [
          sql`lower(trim(${ref})) in (${user.id}, ${user.email.toLowerCase()})`,
          sql`position(${user.id} in ${ref}) > 0`,
        ]
      })
    if (named.length === 0) continue
    const { rows } = await sql<{ row: string }>`
      select to_jsonb(t)::text as row from ${sql.table(table)} as t
      where ${sql.join(named, sql` or `)}`.execute(app.db)
    add(table, rows)
  }
  // Follow foreign keys from the person's rows to the rows that hang from them.
  while (pending.length > 0) {
    const { table, row } = pending.shift()!
    for (const key of keys.filter((k) => k.parent === table)) {
      const value = row[key.parentColumn]
      if (value === null || value === undefined) continue
      const type = typesOf.get(key.child)!.get(key.childColumn)!
      add(key.child, (await rowsWhere(key.child, key.childColumn, value, type)).rows)
    }
  }
  for (const [table, rows] of found) if (rows.size === 0) found.delete(table)
  return { found, typesOf, tables }
}

/** A row's value as the export writes it: timestamps as ISO strings, the rest as text. */
function normalised(value: unknown, type: string | undefined): string {
  if (type?.startsWith('timestamp') && typeof value === 'string')
    return new Date(value).toISOString()
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Every object of the export, each key's primitive values as text (an array's items too). */
function objectsOf(value: unknown, into: Map<string, Set<string>>[] = []) {
  if (Array.isArray(value)) {
    for (const item of value) objectsOf(item, into)
  } else if (value && typeof value === 'object') {
    const keys = new Map<string, Set<string>>()
    for (const [key, child] of Object.entries(value)) {
      const items: unknown[] = Array.isArray(child) ? child : [child]
      keys.set(
        key,
        new Set(
          items
            .filter((item) => item === null || typeof item !== 'object')
            .map((item) => (typeof item === 'string' ? item : JSON.stringify(item))),
        ),
      )
      objectsOf(child, into)
    }
    into.push(keys)
  }
  return into
}

describe('download my data', () => {
  it(
    'holds every row of every table that is about the person, but for the listed exceptions',
    {
      timeout: 180_000,
    },
    async ({ app, mailbox }) => {
      const person = await personWithDataEverywhere(app, mailbox)
      const exportNow = async () => {
        const response = await app.inject({
          method: 'GET',
          url: '/api/v1/me/data',
          headers: person.headers,
        })
        expect(response.statusCode, response.body).toBe(200)
        return response.json() as Record<string, unknown>
      }
      // The first export is itself recorded (audit); the scan then finds that entry too.
      await exportNow()
      const { found, typesOf, tables } = await scanForPerson(app, person.user)
      const exported = await exportNow()
      const objects = objectsOf(exported)

      // The person was given data everywhere, and the scan found it.
      for (const table of expectedTables)
        expect(found.has(table), `no row of ${table} found for the person`).toBe(true)
      // Issue 15's tables, once their migrations are in: the completed course's certificate and
      // the xAPI statement of each progression event.
      for (const table of ['certificates', 'xapi_statements'].filter((t) => tables.includes(t)))
        expect(found.has(table), `no row of ${table} found for the person`).toBe(true)
      // Evaluations are anonymous: nothing reaches them from the person.
      expect(tables).toContain('survey_responses')
      expect(found.has('survey_responses')).toBe(false)

      const missing: string[] = []
      for (const [table, rows] of found) {
        if (exceptions[table]) continue
        const types = typesOf.get(table)!
        const matcher = matchers[table] ?? (types.has('id') ? { id: 'id' } : null)
        if (!matcher) {
          missing.push(`${table}: no id and no matcher (add a holder, then a matcher here)`)
          continue
        }
        for (const row of rows.values()) {
          const wanted = Object.entries(matcher).map(([column, key]) => ({
            key,
            value: normalised(row[column], types.get(column)),
          }))
          if (!objects.some((keys) => wanted.every(({ key, value }) => keys.get(key)?.has(value))))
            missing.push(
              `${table}: ${wanted.map(({ key, value }) => `${key}=${value}`).join(', ')}`,
            )
        }
      }
      expect(missing).toEqual([])

      // What a reader looks for first: who they are and what they learnt.
      expect(exported.profile).toMatchObject({ id: person.user.id, email: person.user.email })
      const enrolments = exported.enrolments as {
        id: string
        events: unknown[]
        readingPositions: unknown[]
      }[]
      expect(enrolments).toMatchObject([
        {
          id: person.enrolmentId,
          course: 'civic-basics',
          status: 'completed',
          readingPositions: [{ step: '01-rights', anchor: 'the-declaration' }],
        },
      ])
      expect(enrolments[0]!.events.length).toBeGreaterThanOrEqual(7)
      expect(exported.quizAttempts).toMatchObject([
        { enrolmentId: person.enrolmentId, step: '01-rights', status: 'graded', passed: true },
        {
          enrolmentId: person.enrolmentId,
          step: '02-services',
          status: 'graded',
          passed: true,
          answers: expect.objectContaining({ '2': { text: 'Because everyone lives here.' } }),
        },
      ])
      // Secrets never travel in the export.
      const text = JSON.stringify(exported)
      for (const secret of ['tokenHash', 'token_hash', 'passwordHash', 'password_hash'])
        expect(text).not.toContain(secret)

      // Erasure keeps the attempts and their scores (records) and removes what the person wrote.
      const attempts = () =>
        app.db
          .selectFrom('quizAttempts')
          .select(['step', 'answers', 'score', 'passed'])
          .where('enrolmentId', '=', person.enrolmentId)
          .orderBy('step')
          .execute()
      const before = await attempts()
      const erased = await app.inject({
        method: 'DELETE',
        url: `/api/v1/users/${person.user.id}/personal-data`,
        headers: person.asAdmin,
      })
      expect(erased.statusCode, erased.body).toBe(204)
      const after = await attempts()
      expect(after).toEqual([before[0], { ...before[1], answers: { '0': { choice: '1' } } }])
      expect(JSON.stringify(after)).not.toContain('Because everyone lives here.')
    },
  )
})
