import type { Db } from '../db/create-db.ts'

/** One round trip: the page of rows, each carrying the total count of published courses. */
export async function listPublishedCourses(db: Db, window: { limit: number; offset: number }) {
  return db
    .selectFrom('courses')
    .select((eb) => ['slug', 'title', 'languages', eb.fn.countAll<number>().over().as('total')])
    .where('publishedAt', 'is not', null)
    .orderBy('slug')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}

/** A version with its course's slug: what learning needs to build the version's machine. */
export async function findVersionWithCourse(db: Db, versionId: string) {
  return db
    .selectFrom('courseVersions as v')
    .innerJoin('courses as c', 'c.id', 'v.courseId')
    .select(['v.id', 'v.courseId', 'v.number', 'v.manifest', 'c.slug'])
    .where('v.id', '=', versionId)
    .executeTakeFirst()
}

export async function findStepDocument(db: Db, versionId: string, language: string, step: string) {
  return db
    .selectFrom('courseDocuments')
    .select([
      'step',
      'kind',
      'language',
      'title',
      'minutes',
      'objectives',
      'html',
      'toc',
      'questions',
    ])
    .where('versionId', '=', versionId)
    .where('language', '=', language)
    .where('step', '=', step)
    .executeTakeFirst()
}

export async function findPublishedCourse(db: Db, slug: string) {
  return db
    .selectFrom('courses')
    .select(['id', 'title', 'languages', 'currentVersionId'])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

export async function findCourseId(db: Db, slug: string) {
  return (await db.selectFrom('courses').select('id').where('slug', '=', slug).executeTakeFirst())
    ?.id
}

export async function findCourseTrainer(db: Db, courseId: string, userId: string) {
  return db
    .selectFrom('courseTrainers')
    .select('userId')
    .where('courseId', '=', courseId)
    .where('userId', '=', userId)
    .executeTakeFirst()
}

/** The trainers of a course with their names (a read of users for display only). */
export async function listCourseTrainers(db: Db, courseId: string) {
  return db
    .selectFrom('courseTrainers as t')
    .innerJoin('users as u', 'u.id', 't.userId')
    .select(['u.id', 'u.name', 'u.email'])
    .where('t.courseId', '=', courseId)
    .orderBy('u.name')
    .execute()
}

export async function insertCourseTrainer(db: Db, courseId: string, userId: string) {
  await db
    .insertInto('courseTrainers')
    .values({ courseId, userId })
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function deleteCourseTrainer(db: Db, courseId: string, userId: string) {
  await db
    .deleteFrom('courseTrainers')
    .where('courseId', '=', courseId)
    .where('userId', '=', userId)
    .execute()
}
