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
