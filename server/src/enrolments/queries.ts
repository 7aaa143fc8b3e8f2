import { type ExpressionBuilder, sql, type Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import { hotQuery, runPrepared } from '../db/hot-query.ts'
import type { LearnerAnswers, QuestionResult } from '../course-format/gift/index.ts'
import type { Database, EnrolmentStatus } from '../db/schema.ts'
import type { PersistedProgress } from '../progression/index.ts'

const enrolmentColumns = [
  'e.id',
  'e.userId',
  'e.courseId',
  'e.courseVersionId',
  'e.language',
  'e.clusterId',
  'e.status',
  'e.progress',
  'e.version',
  'e.withdrawnReason',
  'e.withdrawnAt',
  'e.completedAt',
  'e.createdAt',
] as const

// Reading positions ride along as one JSON object, so showing an enrolment costs no extra query.
const positions = (eb: ExpressionBuilder<Database & { e: Database['enrolments'] }, 'e'>) =>
  eb
    .selectFrom('readingPositions as r')
    .select(
      sql<Record<string, string>>`coalesce(jsonb_object_agg(r.step, r.anchor), '{}'::jsonb)`.as(
        'positions',
      ),
    )
    .whereRef('r.enrolmentId', '=', 'e.id')
    .as('readingPositions')

const enrolmentById = hotQuery((db: Db, id: string) =>
  db
    .selectFrom('enrolments as e')
    .innerJoin('users as u', 'u.id', 'e.userId')
    .leftJoin('municipalities as m', 'm.id', 'u.municipalityId')
    .select([...enrolmentColumns, 'u.name as learnerName', 'u.email as learnerEmail'])
    .select((eb) => eb.fn.coalesce('u.associationId', 'm.associationId').as('learnerAssociationId'))
    .select(positions)
    .where('e.id', '=', id),
)

/** One enrolment with its learner's name and association: every event and access check starts here. */
export async function findEnrolment(db: Db, id: string) {
  return (await enrolmentById(db, id)).rows[0]
}

export type EnrolmentRow = NonNullable<Awaited<ReturnType<typeof findEnrolment>>>

/** Locks the enrolment row: every change to one enrolment's progress goes through this lock. */
export async function lockEnrolment(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('enrolments as e')
    .select(enrolmentColumns)
    .select(positions)
    .where('e.id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export type LockedEnrolment = NonNullable<Awaited<ReturnType<typeof lockEnrolment>>>

export async function findLiveEnrolment(db: Db, userId: string, courseId: string) {
  return db
    .selectFrom('enrolments')
    .select('id')
    .where('userId', '=', userId)
    .where('courseId', '=', courseId)
    .where('status', '<>', 'withdrawn')
    .executeTakeFirst()
}

export async function listEnrolmentsOfUser(db: Db, userId: string, courseId?: string) {
  let query = db
    .selectFrom('enrolments as e')
    .select(enrolmentColumns)
    .select(positions)
    .where('e.userId', '=', userId)
    .where('e.status', '<>', 'withdrawn')
  if (courseId) query = query.where('e.courseId', '=', courseId)
  return query.orderBy('e.createdAt', 'desc').execute()
}

/** Inserts an enrolment unless the learner has a live one in the course (then undefined). */
export async function insertEnrolment(
  db: Db,
  values: {
    userId: string
    courseId: string
    courseVersionId: string
    language: string
    clusterId: string | null
    enrolledBy: string | null
    progress: PersistedProgress
  },
) {
  return db
    .insertInto('enrolments')
    .values({ ...values, progress: JSON.stringify(values.progress) })
    .onConflict((oc) =>
      oc.columns(['userId', 'courseId']).where('status', '<>', 'withdrawn').doNothing(),
    )
    .returning('id')
    .executeTakeFirst()
}

export async function updateEnrolmentLanguage(db: Db, id: string, language: string) {
  await db
    .updateTable('enrolments')
    .set({ language, updatedAt: new Date() })
    .where('id', '=', id)
    .execute()
}

export async function updateWithdrawn(
  trx: Transaction<Database>,
  id: string,
  reason: string,
  at: Date,
) {
  await trx
    .updateTable('enrolments')
    .set({ status: 'withdrawn', withdrawnReason: reason, withdrawnAt: at, updatedAt: at })
    .where('id', '=', id)
    .execute()
}

/** Locks the active enrolments a cluster made for a person: they end when the person leaves it. */
export async function lockClusterEnrolments(
  trx: Transaction<Database>,
  clusterId: string,
  userId: string,
) {
  return trx
    .selectFrom('enrolments')
    .select('id')
    .where('clusterId', '=', clusterId)
    .where('userId', '=', userId)
    .where('status', '=', 'active')
    .orderBy('id')
    .forUpdate()
    .execute()
}

/** One round trip: a page of a course's enrolments with their learners, each row carrying the total. */
export async function listEnrolmentsOfCourse(
  db: Db,
  courseId: string,
  page: { status?: EnrolmentStatus; limit: number; offset: number },
) {
  let select = db
    .selectFrom('enrolments as e')
    .innerJoin('users as u', 'u.id', 'e.userId')
    .select([
      'e.id',
      'e.userId',
      'u.name as learnerName',
      'u.email as learnerEmail',
      'e.courseVersionId',
      'e.language',
      'e.status',
      'e.progress',
      'e.version',
      'e.createdAt',
      'e.updatedAt',
    ])
    .select((eb) => eb.fn.countAll<number>().over().as('total'))
    .where('e.courseId', '=', courseId)
  if (page.status) select = select.where('e.status', '=', page.status)
  return select
    .orderBy('u.name')
    .orderBy('e.createdAt')
    .orderBy('e.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

/** Everything one accepted progression event changes, written by commitProgression at once. */
export interface ProgressionCommit {
  enrolmentId: string
  /** The version the state was computed from: the write applies only if it is still current. */
  expectedVersion: number
  sequence: number
  type: string
  payload: Record<string, unknown>
  actorId: string | null
  at: Date
  progress: PersistedProgress
  status: EnrolmentStatus
  completedAt: Date | null
  /** A quiz attempt graded by this event; it must still be open. */
  attempt?: {
    id: string
    answers: LearnerAnswers
    score: number
    passed: boolean
    result: QuestionResult[]
    submittedAt: Date
  }
  /** The answer to remember for an Idempotency-Key. */
  idempotency?: {
    userId: string
    scope: string
    key: string
    fingerprint: string
    statusCode: number
    response: unknown
  }
  audit?: {
    action: string
    actorId: string
    subject: string
    ip: string
    details: Record<string, unknown>
  }
  /** The event's xAPI statement (xapi's `statementFor`), stored with the event. */
  statement?: { id: string; userId: string; body: unknown }
}

/**
 * The one statement that writes other features' tables (quiz_attempts, idempotency_keys,
 * audit_events, xapi_statements) on purpose: a submit or an event must change all of them at once
 * or not at all, in one round trip without a lock (ARCHITECTURE.md, "The one multi-table statement").
 *
 * One statement: the enrolment moves to its next version only if it is still at the expected one
 * (and, for a submit, the attempt is still open), and the log row, the graded attempt, the
 * idempotency answer, the audit entry and the xAPI statement are written with it or not at all. A
 * statement is atomic on its own, so this needs neither a transaction nor a lock held across round
 * trips.
 * Returns false when another change came first.
 */
export async function commitProgression(db: Db, c: ProgressionCommit): Promise<boolean> {
  // Hand-written so the text is one of a few fixed statements (prepared once per connection); the
  // placeholders are numbered in the order the values are added.
  const values: unknown[] = []
  const $ = (value: unknown, type: string) => `$${values.push(value)}::${type}`
  const json = (value: unknown) => $(JSON.stringify(value), 'jsonb')
  const parts = [
    `changed as (
      update enrolments set progress = ${json(c.progress)}, version = ${$(c.sequence, 'int')}, status = ${$(c.status, 'text')},
        completed_at = ${$(c.completedAt, 'timestamptz')}, updated_at = ${$(c.at, 'timestamptz')}
      where id = ${$(c.enrolmentId, 'uuid')} and version = ${$(c.expectedVersion, 'int')} and status <> 'withdrawn'
        ${c.attempt ? `and exists (select 1 from quiz_attempts where id = ${$(c.attempt.id, 'uuid')} and status = 'open')` : ''}
      returning id)`,
    `logged as (
      insert into progression_events (enrolment_id, sequence, type, payload, actor_id, at)
      select id, ${$(c.sequence, 'int')}, ${$(c.type, 'text')}, ${json(c.payload)}, ${$(c.actorId, 'uuid')}, ${$(c.at, 'timestamptz')} from changed
      returning id)`,
  ]
  if (c.statement) {
    const x = c.statement
    parts.push(`stated as (
      insert into xapi_statements (id, event_id, user_id, enrolment_id, statement, stored_at)
      select ${$(x.id, 'uuid')}, id, ${$(x.userId, 'uuid')}, ${$(c.enrolmentId, 'uuid')}, ${json(x.body)}, ${$(c.at, 'timestamptz')} from logged
      returning 1)`)
  }
  if (c.attempt) {
    const a = c.attempt
    parts.push(`graded as (
      update quiz_attempts set status = 'graded', answers = ${json(a.answers)}, score = ${$(a.score, 'double precision')}, passed = ${$(a.passed, 'boolean')},
        result = ${json(a.result)}, submitted_at = ${$(a.submittedAt, 'timestamptz')}
      where id = ${$(a.id, 'uuid')} and exists (select 1 from changed)
      returning 1)`)
  }
  if (c.idempotency) {
    const k = c.idempotency
    parts.push(`remembered as (
      insert into idempotency_keys (user_id, scope, key, fingerprint, status_code, response)
      select ${$(k.userId, 'uuid')}, ${$(k.scope, 'text')}, ${$(k.key, 'text')}, ${$(k.fingerprint, 'text')}, ${$(k.statusCode, 'int')}, ${json(k.response)} from changed
      returning 1)`)
  }
  if (c.audit) {
    const a = c.audit
    parts.push(`audited as (
      insert into audit_events (action, actor_id, subject, ip, details)
      select ${$(a.action, 'text')}, ${$(a.actorId, 'uuid')}, ${$(a.subject, 'text')}, ${$(a.ip, 'text')}, ${json(a.details)} from changed
      returning 1)`)
  }
  const { rows } = await runPrepared<{ applied: number }>(
    db,
    `with ${parts.join(', ')} select count(*)::int as applied from changed`,
    values,
  )
  return rows[0]!.applied === 1
}

export async function findVersion(db: Db, id: string): Promise<number | undefined> {
  return (
    await db.selectFrom('enrolments').select('version').where('id', '=', id).executeTakeFirst()
  )?.version
}

export async function listProgressionEvents(db: Db, enrolmentId: string) {
  return db
    .selectFrom('progressionEvents as p')
    .leftJoin('users as u', 'u.id', 'p.actorId')
    .select(['p.sequence', 'p.type', 'p.payload', 'p.at', 'p.actorId', 'u.name as actorName'])
    .where('p.enrolmentId', '=', enrolmentId)
    .orderBy('p.sequence')
    .execute()
}

export async function findReadingPositions(db: Db, enrolmentId: string) {
  return db
    .selectFrom('readingPositions')
    .select(['step', 'anchor'])
    .where('enrolmentId', '=', enrolmentId)
    .execute()
}

export async function upsertReadingPosition(
  db: Db,
  enrolmentId: string,
  step: string,
  anchor: string,
) {
  await db
    .insertInto('readingPositions')
    .values({ enrolmentId, step, anchor })
    .onConflict((oc) =>
      oc.columns(['enrolmentId', 'step']).doUpdateSet({ anchor, updatedAt: new Date() }),
    )
    .execute()
}

/**
 * A person's enrolments for their data export, each with its progression log (who acted: the
 * person, staff or the platform, never a staff member's id) and its reading positions.
 */
export async function listEnrolmentsOfPerson(db: Db, userId: string) {
  const ofPerson = (eb: ExpressionBuilder<Database, 'progressionEvents' | 'readingPositions'>) =>
    eb.selectFrom('enrolments').select('id').where('userId', '=', userId)
  const [enrolments, events, positions] = await Promise.all([
    db
      .selectFrom('enrolments as e')
      .innerJoin('courses as c', 'c.id', 'e.courseId')
      .select([
        'e.id',
        'c.slug as course',
        'e.language',
        'e.status',
        'e.progress',
        'e.createdAt as enrolledAt',
        'e.completedAt',
        'e.withdrawnAt',
        'e.withdrawnReason',
      ])
      .where('e.userId', '=', userId)
      .orderBy('e.createdAt')
      .execute(),
    db
      .selectFrom('progressionEvents')
      .select(['enrolmentId', 'sequence', 'type', 'payload', 'actorId', 'at'])
      .where('enrolmentId', 'in', ofPerson)
      .orderBy('enrolmentId')
      .orderBy('sequence')
      .execute(),
    db
      .selectFrom('readingPositions')
      .select(['enrolmentId', 'step', 'anchor', 'updatedAt'])
      .where('enrolmentId', 'in', ofPerson)
      .orderBy('step')
      .execute(),
  ])
  return enrolments.map((enrolment) => ({
    ...enrolment,
    events: events
      .filter((event) => event.enrolmentId === enrolment.id)
      .map(({ enrolmentId: _, actorId, ...event }) => ({
        ...event,
        actor: actorId === null ? 'platform' : actorId === userId ? 'you' : 'staff',
      })),
    readingPositions: positions
      .filter((position) => position.enrolmentId === enrolment.id)
      .map(({ enrolmentId: _, ...position }) => position),
  }))
}

/** Erasure: the reasons others wrote when the person's enrolments ended go; the records stay. */
export async function clearWithdrawnReasons(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('enrolments')
    .set({ withdrawnReason: null })
    .where('userId', '=', userId)
    .where('withdrawnReason', 'is not', null)
    .execute()
}
