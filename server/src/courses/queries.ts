import { type Insertable, sql, type Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { CourseManifest } from '../course-format/manifest.ts'
import type { CourseDocumentTable, CourseVersionTable, Database } from '../db/schema.ts'

/** One round trip: the page of rows, each carrying the total count of published courses. */
export async function listPublishedCourses(db: Db, window: { limit: number; offset: number }) {
  return db
    .selectFrom('courses')
    .select((eb) => [
      'slug',
      'title',
      'languages',
      'currentVersionId',
      eb.fn.countAll<number>().over().as('total'),
    ])
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

/** Each step's title and minutes in one language of a version, without its text. */
export async function listStepOutlines(db: Db, versionId: string, language: string) {
  return db
    .selectFrom('courseDocuments')
    .select(['step', 'title', 'minutes'])
    .where('versionId', '=', versionId)
    .where('language', '=', language)
    .execute()
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

/** A course with its current version's manifest, for the studio. */
export async function findCourseWithCurrentVersion(db: Db, slug: string) {
  return db
    .selectFrom('courses as c')
    .innerJoin('courseVersions as v', 'v.id', 'c.currentVersionId')
    .select(['c.id', 'c.currentVersionId', 'v.manifest', 'v.manifestSource'])
    .where('c.slug', '=', slug)
    .executeTakeFirst()
}

/** A trainer's draft with the name of who saved it last (a read of users for display only). */
export async function findDraft(db: Db, courseId: string, language: string, step: string) {
  return db
    .selectFrom('moduleDrafts as d')
    .leftJoin('users as u', 'u.id', 'd.updatedBy')
    .select(['d.markdown', 'd.revision', 'd.updatedAt', 'u.name'])
    .where('d.courseId', '=', courseId)
    .where('d.language', '=', language)
    .where('d.step', '=', step)
    .executeTakeFirst()
}

export async function findDocumentSource(
  db: Db,
  versionId: string,
  language: string,
  step: string,
): Promise<string> {
  const { source } = await db
    .selectFrom('courseDocuments')
    .select('source')
    .where('versionId', '=', versionId)
    .where('language', '=', language)
    .where('step', '=', step)
    .executeTakeFirstOrThrow()
  return source
}

/** Serialises saves of one draft until the transaction ends. */
export async function lockDraft(
  trx: Transaction<Database>,
  courseId: string,
  language: string,
  step: string,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`draft:${courseId}:${language}:${step}`}))`.execute(
    trx,
  )
}

export async function upsertDraft(
  db: Db,
  draft: {
    courseId: string
    language: string
    step: string
    markdown: string
    revision: number
    updatedBy: string
  },
): Promise<void> {
  const { markdown, revision, updatedBy } = draft
  await db
    .insertInto('moduleDrafts')
    .values(draft)
    .onConflict((oc) =>
      oc
        .columns(['courseId', 'language', 'step'])
        .doUpdateSet({ markdown, revision, updatedBy, updatedAt: sql`now()` }),
    )
    .execute()
}

export async function findManifestSource(db: Db, versionId: string): Promise<string> {
  const { manifestSource } = await db
    .selectFrom('courseVersions')
    .select('manifestSource')
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow()
  return manifestSource
}

export async function listDocumentSources(db: Db, versionId: string) {
  return db
    .selectFrom('courseDocuments')
    .select(['language', 'step', 'source'])
    .where('versionId', '=', versionId)
    .execute()
}

export async function listDrafts(db: Db, courseId: string) {
  return db
    .selectFrom('moduleDrafts')
    .select(['language', 'step', 'markdown', 'revision'])
    .where('courseId', '=', courseId)
    .execute()
}

/** Deletes a draft only at the given revision: a save made meanwhile stays. */
export async function deleteDraftRevision(
  db: Db,
  courseId: string,
  draft: { language: string; step: string; revision: number },
): Promise<void> {
  await db
    .deleteFrom('moduleDrafts')
    .where('courseId', '=', courseId)
    .where('language', '=', draft.language)
    .where('step', '=', draft.step)
    .where('revision', '=', draft.revision)
    .execute()
}

/** A course's versions, newest first, with who published them (a read of users for display). */
export async function listVersionHistory(db: Db, courseId: string) {
  return db
    .selectFrom('courseVersions as v')
    .leftJoin('users as u', 'u.id', 'v.createdBy')
    .select(['v.number', 'v.createdAt', 'v.changeSummary', 'v.contentHash', 'u.name'])
    .where('v.courseId', '=', courseId)
    .orderBy('v.number', 'desc')
    .execute()
}

export async function findVersionsByNumber(db: Db, courseId: string, numbers: number[]) {
  return db
    .selectFrom('courseVersions')
    .select(['id', 'number'])
    .where('courseId', '=', courseId)
    .where('number', 'in', numbers)
    .execute()
}

/** Serialises imports of one course (e.g. two replicas starting at once) until the transaction ends. */
export async function lockCourseSlug(trx: Transaction<Database>, slug: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`course:${slug}`}))`.execute(trx)
}

export async function upsertCourse(db: Db, manifest: CourseManifest) {
  return db
    .insertInto('courses')
    .values({
      slug: manifest.slug,
      title: JSON.stringify(manifest.title),
      languages: manifest.languages,
    })
    .onConflict((oc) => oc.column('slug').doUpdateSet({ slug: manifest.slug }))
    .returning('id')
    .executeTakeFirstOrThrow()
}

export async function findVersionByHash(db: Db, courseId: string, contentHash: string) {
  return db
    .selectFrom('courseVersions')
    .select('number')
    .where('courseId', '=', courseId)
    .where('contentHash', '=', contentHash)
    .executeTakeFirst()
}

/** The highest version number of a course, 0 when it has none. */
export async function lastVersionNumber(db: Db, courseId: string): Promise<number> {
  const { last } = await db
    .selectFrom('courseVersions')
    .select((eb) => eb.fn.coalesce(eb.fn.max('number'), sql<number>`0`).as('last'))
    .where('courseId', '=', courseId)
    .executeTakeFirstOrThrow()
  return Number(last)
}

export async function insertVersion(db: Db, version: Insertable<CourseVersionTable>) {
  return db.insertInto('courseVersions').values(version).returning('id').executeTakeFirstOrThrow()
}

export async function insertDocuments(
  db: Db,
  documents: Insertable<CourseDocumentTable>[],
): Promise<void> {
  await db.insertInto('courseDocuments').values(documents).execute()
}

/** Makes a version the course's current one; the first publication dates the course. */
export async function publishVersion(
  db: Db,
  courseId: string,
  manifest: CourseManifest,
  versionId: string,
): Promise<void> {
  await db
    .updateTable('courses')
    .set({
      title: JSON.stringify(manifest.title),
      languages: manifest.languages,
      currentVersionId: versionId,
      publishedAt: sql`coalesce(published_at, now())`,
    })
    .where('id', '=', courseId)
    .execute()
}
