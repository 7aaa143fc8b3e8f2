import type { Insertable } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { SurveyResponseTable } from '../db/schema.ts'
import type { StoredAnswers } from './questions.ts'

export type NewSurveyResponse = Insertable<SurveyResponseTable>

/** Stores a response; called in the transaction that records the survey as submitted. */
export async function insertSurveyResponse(db: Db, response: NewSurveyResponse): Promise<void> {
  await db.insertInto('surveyResponses').values(response).execute()
}

/** The versions of a course, newest first, with when each was published. */
export function listCourseVersions(db: Db, courseId: string) {
  return db
    .selectFrom('courseVersions')
    .select(['id', 'number', 'createdAt'])
    .where('courseId', '=', courseId)
    .orderBy('number', 'desc')
    .execute()
}

/** The course a version belongs to, or undefined for an unknown version. */
export async function courseOfVersion(db: Db, versionId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('courseVersions')
    .select('courseId')
    .where('id', '=', versionId)
    .executeTakeFirst()
  return row?.courseId
}

export function findCourseVersion(db: Db, courseId: string, versionId: string) {
  return db
    .selectFrom('courseVersions')
    .select(['id', 'number'])
    .where('courseId', '=', courseId)
    .where('id', '=', versionId)
    .executeTakeFirst()
}

/** How many responses each version's survey steps have, over the whole course. */
export function countCourseResponses(db: Db, courseId: string) {
  return db
    .selectFrom('surveyResponses')
    .select([
      'courseVersionId',
      'step',
      (eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('responses'),
    ])
    .where('courseId', '=', courseId)
    .groupBy(['courseVersionId', 'step'])
    .execute()
}

/** The answers of one survey step of a version, of every learner or of one cluster's. */
export async function listAnswers(
  db: Db,
  where: { courseVersionId: string; step: string; clusterId?: string },
): Promise<StoredAnswers[]> {
  let query = db
    .selectFrom('surveyResponses')
    .select('answers')
    .where('courseVersionId', '=', where.courseVersionId)
    .where('step', '=', where.step)
  if (where.clusterId) query = query.where('clusterId', '=', where.clusterId)
  return (await query.execute()).map((row) => row.answers)
}

/** A cluster's responses per course, version and survey step, with the course's slug and titles. */
export function countClusterResponses(
  db: Db,
  clusterId: string,
  where: { courseId?: string; courseVersionId?: string } = {},
) {
  let query = db
    .selectFrom('surveyResponses as r')
    .innerJoin('courses as c', 'c.id', 'r.courseId')
    .innerJoin('courseVersions as v', 'v.id', 'r.courseVersionId')
    .select([
      'c.slug',
      'c.title',
      'c.languages',
      'r.courseVersionId',
      'v.number',
      'r.step',
      (eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('responses'),
    ])
    .where('r.clusterId', '=', clusterId)
  if (where.courseId) query = query.where('r.courseId', '=', where.courseId)
  if (where.courseVersionId) query = query.where('r.courseVersionId', '=', where.courseVersionId)
  return query
    .groupBy(['c.slug', 'c.title', 'c.languages', 'r.courseVersionId', 'v.number', 'r.step'])
    .orderBy('c.slug')
    .orderBy('v.number', 'desc')
    .orderBy('r.step')
    .execute()
}
