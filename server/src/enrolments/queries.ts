import type { Transaction } from 'kysely'
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

export async function findEnrolment(db: Db, id: string) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('users as u', 'u.id', 'e.userId')
    .leftJoin('municipalities as m', 'm.id', 'u.municipalityId')
    .select([...enrolmentColumns, 'u.name as learnerName', 'u.email as learnerEmail'])
    .select((eb) => eb.fn.coalesce('u.associationId', 'm.associationId').as('learnerAssociationId'))
    .where('e.id', '=', id)
    .executeTakeFirst()
}

export type EnrolmentRow = NonNullable<Awaited<ReturnType<typeof findEnrolment>>>

/** Locks the enrolment row: every change to one enrolment's progress goes through this lock. */
export async function lockEnrolment(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('enrolments as e').select(enrolmentColumns).where('e.id', '=', id).forUpdate().executeTakeFirst()
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

export async function listEnrolmentsOfUser(db: Db, userId: string) {
  return db
    .selectFrom('enrolments as e')
    .select(enrolmentColumns)
    .where('e.userId', '=', userId)
    .where('e.status', '<>', 'withdrawn')
    .orderBy('e.createdAt', 'desc')
    .execute()
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

export async function insertProgressionEvent(
  trx: Transaction<Database>,
  event: { enrolmentId: string; sequence: number; type: string; payload: Record<string, unknown>; actorId: string | null },
) {
  return trx
    .insertInto('progressionEvents')
    .values({ ...event, payload: JSON.stringify(event.payload) })
    .returning('at')
    .executeTakeFirstOrThrow()
}

export async function updateProgress(
  trx: Transaction<Database>,
  id: string,
  change: { progress: unknown; version: number; status: EnrolmentStatus; completedAt: Date | null },
) {
  await trx
    .updateTable('enrolments')
    .set({ ...change, progress: JSON.stringify(change.progress), updatedAt: new Date() })
    .where('id', '=', id)
    .execute()
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
