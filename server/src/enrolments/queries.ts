import { type ExpressionBuilder, sql, type Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { Database, EnrolmentStatus } from '../db/schema.ts'

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
    .select(sql<Record<string, string>>`coalesce(jsonb_object_agg(r.step, r.anchor), '{}'::jsonb)`.as('positions'))
    .whereRef('r.enrolmentId', '=', 'e.id')
    .as('readingPositions')

export async function findEnrolment(db: Db, id: string) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('users as u', 'u.id', 'e.userId')
    .leftJoin('municipalities as m', 'm.id', 'u.municipalityId')
    .select([...enrolmentColumns, 'u.name as learnerName', 'u.email as learnerEmail'])
    .select((eb) => eb.fn.coalesce('u.associationId', 'm.associationId').as('learnerAssociationId'))
    .select(positions)
    .where('e.id', '=', id)
    .executeTakeFirst()
}

export type EnrolmentRow = NonNullable<Awaited<ReturnType<typeof findEnrolment>>>

/** Locks the enrolment row: every change to one enrolment's progress goes through this lock. */
export async function lockEnrolment(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('enrolments as e').select(enrolmentColumns).select(positions).where('e.id', '=', id).forUpdate().executeTakeFirst()
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

export async function listEnrolmentsOfUser(db: Db, userId: string, courseSlug?: string) {
  let query = db
    .selectFrom('enrolments as e')
    .select(enrolmentColumns)
    .select(positions)
    .where('e.userId', '=', userId)
    .where('e.status', '<>', 'withdrawn')
  if (courseSlug) query = query.where('e.courseId', '=', (eb) => eb.selectFrom('courses').select('id').where('slug', '=', courseSlug))
  return query.orderBy('e.createdAt', 'desc').execute()
}

export async function findCourseIdBySlug(db: Db, slug: string) {
  return db.selectFrom('courses').select('id').where('slug', '=', slug).executeTakeFirst()
}

/** One round trip: a page of a course's enrolments with their learners, each row carrying the total. */
export async function listEnrolmentsOfCourse(db: Db, courseId: string, page: { status?: EnrolmentStatus; limit: number; offset: number }) {
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
  return select.orderBy('u.name').orderBy('e.createdAt').orderBy('e.id').limit(page.limit).offset(page.offset).execute()
}

export async function countEnrolmentsOfCourse(db: Db, courseId: string, status?: EnrolmentStatus): Promise<number> {
  let select = db.selectFrom('enrolments').select((eb) => eb.fn.countAll<number>().as('count')).where('courseId', '=', courseId)
  if (status) select = select.where('status', '=', status)
  const { count } = await select.executeTakeFirstOrThrow()
  return Number(count)
}

/**
 * Appends an event and stores the state it leads to, in one statement: the log row and the
 * enrolment's new version can only be written together.
 */
export async function appendProgressionEvent(
  trx: Transaction<Database>,
  event: { enrolmentId: string; sequence: number; type: string; payload: Record<string, unknown>; actorId: string | null },
  change: { progress: unknown; status: EnrolmentStatus; finished: boolean },
): Promise<{ at: Date; completedAt: Date | null }> {
  const { rows } = await sql<{ at: Date; completedAt: Date | null }>`
    with appended as (
      insert into progression_events (enrolment_id, sequence, type, payload, actor_id)
      values (${event.enrolmentId}, ${event.sequence}, ${event.type}, ${JSON.stringify(event.payload)}::jsonb, ${event.actorId})
      returning at
    )
    update enrolments set
      progress = ${JSON.stringify(change.progress)}::jsonb,
      version = ${event.sequence},
      status = ${change.status},
      completed_at = case when ${change.finished} then coalesce(completed_at, appended.at) else null end,
      updated_at = appended.at
    from appended
    where enrolments.id = ${event.enrolmentId}
    returning appended.at, enrolments.completed_at`.execute(trx)
  return rows[0]!
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
  return db.selectFrom('readingPositions').select(['step', 'anchor']).where('enrolmentId', '=', enrolmentId).execute()
}

export async function upsertReadingPosition(db: Db, enrolmentId: string, step: string, anchor: string) {
  await db
    .insertInto('readingPositions')
    .values({ enrolmentId, step, anchor })
    .onConflict((oc) => oc.columns(['enrolmentId', 'step']).doUpdateSet({ anchor, updatedAt: new Date() }))
    .execute()
}
