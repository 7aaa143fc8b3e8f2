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
