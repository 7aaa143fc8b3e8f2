import {
  type Expression,
  type ExpressionBuilder,
  sql,
  type SqlBool,
  type Transaction,
} from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { Database, GoodPracticeArea, GoodPracticeStatus } from '../db/schema.ts'
import type { PageQuery } from '../http/pagination.ts'
import { type SearchConfig, searchConfigs } from './search-text.ts'

// A practice with what every view of it needs: its country's name, its course's slug and titles,
// its author's name and mail facts (countries, courses and users are read here, by join).
const practiceColumns = [
  'p.id',
  'p.authorId',
  'p.enrolmentId',
  'p.step',
  'p.courseId',
  'p.countryCode',
  'p.municipalityId',
  'p.municipalityName',
  'p.area',
  'p.title',
  'p.problem',
  'p.actions',
  'p.results',
  'p.contactRole',
  'p.body',
  'p.language',
  'p.public',
  'p.status',
  'p.reviewComment',
  'p.reviewedBy',
  'p.revision',
  'p.submittedAt',
  'p.approvedAt',
  'p.searchConfig',
  'k.name as countryName',
  'c.slug as courseSlug',
  'c.title as courseTitles',
  'c.languages as courseLanguages',
  'u.name as authorName',
  'u.email as authorEmail',
  'u.preferredLanguage as authorLanguage',
  'u.erasedAt as authorErasedAt',
] as const

function selectPractices(db: Db) {
  return db
    .selectFrom('goodPractices as p')
    .innerJoin('countries as k', 'k.code', 'p.countryCode')
    .leftJoin('courses as c', 'c.id', 'p.courseId')
    .leftJoin('users as u', 'u.id', 'p.authorId')
    .select(practiceColumns)
}

export async function findPractice(db: Db, id: string) {
  return selectPractices(db).where('p.id', '=', id).executeTakeFirst()
}
export type PracticeRow = NonNullable<Awaited<ReturnType<typeof findPractice>>>

/** Locks the practice for a change, then reads it whole. */
export async function lockPractice(trx: Transaction<Database>, id: string) {
  const locked = await trx
    .selectFrom('goodPractices')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  return locked ? findPractice(trx, id) : undefined
}

export interface PracticeValues {
  countryCode: string
  municipalityId: string | null
  municipalityName: string
  area: GoodPracticeArea
  title: string
  problem: string
  actions: string
  results: string
  contactRole: string
  body: string
  language: string
  public: boolean
}

/** The folded texts the search vector is built from (search-text.ts), and their configuration. */
export interface SearchDocument {
  config: SearchConfig
  title: string
  sections: string
  body: string
}

// Weighted: title A, problem/actions/results B, body C; in the language's configuration and, for
// exact words in any language, in 'simple'.
function searchVector(doc: SearchDocument) {
  const vector = (config: string, text: string, weight: 'A' | 'B' | 'C') =>
    sql`setweight(to_tsvector(${config}::regconfig, ${text}), ${weight})`
  return sql<string>`${sql.join(
    [doc.config, 'simple'].flatMap((config) => [
      vector(config, doc.title, 'A'),
      vector(config, doc.sections, 'B'),
      vector(config, doc.body, 'C'),
    ]),
    sql` || `,
  )}`
}

export async function insertPractice(
  trx: Transaction<Database>,
  values: PracticeValues & {
    authorId: string
    enrolmentId: string | null
    step: string | null
    courseId: string | null
    submittedAt: Date
  },
  search: SearchDocument,
): Promise<string> {
  const { id } = await trx
    .insertInto('goodPractices')
    .values({ ...values, searchConfig: search.config, searchVector: searchVector(search) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/** A resubmission: new text, revision raised, back to submitted. */
export async function updatePracticeText(
  trx: Transaction<Database>,
  id: string,
  values: PracticeValues,
  search: SearchDocument,
  at: Date,
) {
  await trx
    .updateTable('goodPractices')
    .set((eb) => ({
      ...values,
      searchConfig: search.config,
      searchVector: searchVector(search),
      status: 'submitted' as GoodPracticeStatus,
      revision: eb('revision', '+', 1),
      submittedAt: at,
      updatedAt: at,
    }))
    .where('id', '=', id)
    .execute()
}

export async function updatePracticeReview(
  trx: Transaction<Database>,
  id: string,
  review: {
    status: GoodPracticeStatus
    reviewComment: string | null
    reviewedBy: string
    at: Date
  },
) {
  await trx
    .updateTable('goodPractices')
    .set({
      status: review.status,
      reviewComment: review.reviewComment,
      reviewedBy: review.reviewedBy,
      reviewedAt: review.at,
      ...(review.status === 'approved' ? { approvedAt: review.at } : {}),
      updatedAt: review.at,
    })
    .where('id', '=', id)
    .execute()
}

/** Whether a practice already stands for this enrolment's step. */
export async function findPracticeOfStep(db: Db, enrolmentId: string, step: string) {
  return db
    .selectFrom('goodPractices')
    .select(['id', 'status'])
    .where('enrolmentId', '=', enrolmentId)
    .where('step', '=', step)
    .executeTakeFirst()
}

export async function listPracticesOfAuthor(db: Db, authorId: string, window: PageQuery) {
  return selectPractices(db)
    .select(sql<number>`count(*) over ()`.as('total'))
    .where('p.authorId', '=', authorId)
    .orderBy('p.submittedAt', 'desc')
    .orderBy('p.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}

/**
 * Submitted practices a moderator may review, oldest first: all for admins; for trainers those
 * outside a course and those of the courses they teach (course_trainers, read here). Never the
 * moderator's own.
 */
export async function listReviewQueue(
  db: Db,
  moderator: { id: string; admin: boolean },
  window: PageQuery,
) {
  let query = selectPractices(db)
    .select(sql<number>`count(*) over ()`.as('total'))
    .where('p.status', '=', 'submitted')
    .where((eb) => eb.or([eb('p.authorId', 'is', null), eb('p.authorId', '<>', moderator.id)]))
  if (!moderator.admin) {
    query = query.where((eb) =>
      eb.or([
        eb('p.courseId', 'is', null),
        eb.exists(
          eb
            .selectFrom('courseTrainers as t')
            .select('t.courseId')
            .whereRef('t.courseId', '=', 'p.courseId')
            .where('t.userId', '=', moderator.id),
        ),
      ]),
    )
  }
  return query
    .orderBy('p.submittedAt')
    .orderBy('p.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}

export interface LibraryFilter {
  /** Anonymous readers: public practices only. */
  publicOnly: boolean
  country?: string
  area?: GoodPracticeArea
  language?: string
  /** The folded query text, already trimmed; none: no search. */
  q?: string
}

type PracticeScope = ExpressionBuilder<Database & { p: Database['goodPractices'] }, 'p'>

// A row matches when the query in its own configuration matches, or the query word for word
// ('simple'). Each configuration is a constant here, so the GIN index serves every branch.
function matches(eb: PracticeScope, q: string): Expression<SqlBool> {
  return eb.or([
    sql<SqlBool>`p.search_vector @@ websearch_to_tsquery('simple', ${q})`,
    ...searchConfigs
      .filter((config) => config !== 'simple')
      .map(
        (config) =>
          sql<SqlBool>`(p.search_config = ${config} and p.search_vector @@ websearch_to_tsquery(${config}::regconfig, ${q}))`,
      ),
  ])
}

// The query in each row's configuration, as a CASE over the constant configurations: each branch
// is parsed once per statement, where a per-row cast to regconfig would parse it for every match.
const rankOf = (q: string) =>
  sql<number>`ts_rank(p.search_vector, case p.search_config ${sql.join(
    searchConfigs.map(
      (config) =>
        sql`when ${config} then websearch_to_tsquery(${config}::regconfig, ${q}) || websearch_to_tsquery('simple', ${q})`,
    ),
    sql` `,
  )} else websearch_to_tsquery(p.search_config::regconfig, ${q}) || websearch_to_tsquery('simple', ${q}) end)`

/**
 * The practices that pass the filter, narrow (id, rank, approval), in the library's order: best
 * match first with a query, newest approval first without. Filtering, ranking, counting and
 * cutting the page happen on these narrow rows; only the page's rows are then read whole.
 */
function matchingPractices(db: Db, filter: LibraryFilter) {
  let query = db.selectFrom('goodPractices as p').where('p.status', '=', 'approved')
  if (filter.publicOnly) query = query.where('p.public', '=', true)
  if (filter.country) query = query.where('p.countryCode', '=', filter.country)
  if (filter.area) query = query.where('p.area', '=', filter.area)
  if (filter.language) query = query.where('p.language', '=', filter.language)
  const { q } = filter
  if (q) query = query.where((eb) => matches(eb as unknown as PracticeScope, q))
  return query
    .select(['p.id', q ? rankOf(q).as('rank') : sql<number | null>`null::real`.as('rank')])
    .orderBy(q ? sql`rank desc` : sql`p.approved_at desc`)
    .orderBy(q ? sql`p.approved_at desc` : sql`p.id`)
    .orderBy('p.id')
}

/** One page of the library, best match first with a query, newest approval first without. */
export async function listLibrary(db: Db, filter: LibraryFilter, window: PageQuery) {
  const page = matchingPractices(db, filter)
    .select(sql<number>`count(*) over ()`.as('total'))
    .limit(window.limit)
    .offset(window.offset)
  return selectPractices(db)
    .innerJoin(page.as('m'), 'm.id', 'p.id')
    .select(['m.rank', 'm.total'])
    .orderBy(filter.q ? sql`m.rank desc` : sql`p.approved_at desc`)
    .orderBy(filter.q ? sql`p.approved_at desc` : sql`p.id`)
    .orderBy('p.id')
    .execute()
}

/** The whole library for an export, in the same order, at most `limit` rows. */
export async function listLibraryForExport(db: Db, filter: LibraryFilter, limit: number) {
  const rows = matchingPractices(db, filter).limit(limit)
  return selectPractices(db)
    .innerJoin(rows.as('m'), 'm.id', 'p.id')
    .select('m.rank')
    .orderBy(filter.q ? sql`m.rank desc` : sql`p.approved_at desc`)
    .orderBy(filter.q ? sql`p.approved_at desc` : sql`p.id`)
    .orderBy('p.id')
    .execute()
}

/**
 * ts_headline over texts given in (folded by the service), each in its configuration, the query
 * in that configuration or word for word. One round trip for a page of snippets.
 */
export async function headlines(
  db: Db,
  docs: { source: string; config: SearchConfig }[],
  q: string,
  options: string,
): Promise<string[]> {
  if (docs.length === 0) return []
  const { rows } = await sql<{ headline: string }>`
    select ts_headline(d.config::regconfig, d.source,
             websearch_to_tsquery(d.config::regconfig, ${q}) || websearch_to_tsquery('simple', ${q}),
             ${options}) as headline
      from unnest(${docs.map((doc) => doc.source)}::text[], ${docs.map((doc) => doc.config)}::text[])
           with ordinality as d(source, config, n)
     order by d.n`.execute(db)
  return rows.map((row) => row.headline)
}

/** The author's place: their municipality and its country, if they have one. */
export async function findAuthorPlace(db: Db, userId: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('municipalities as m', 'm.id', 'u.municipalityId')
    .select(['m.id as municipalityId', 'm.countryCode', 'm.name'])
    .where('u.id', '=', userId)
    .executeTakeFirst()
}

export async function findCountryName(db: Db, code: string) {
  return db.selectFrom('countries').select('name').where('code', '=', code).executeTakeFirst()
}

export async function findMunicipalityIn(db: Db, id: string) {
  return db
    .selectFrom('municipalities')
    .select(['id', 'countryCode', 'name'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** What a person's data export shows of their practices. */
export async function listPersonalPractices(db: Db, userId: string) {
  return db
    .selectFrom('goodPractices as p')
    .leftJoin('courses as c', 'c.id', 'p.courseId')
    .select([
      'p.id',
      'p.title',
      'p.countryCode',
      'p.municipalityName',
      'p.area',
      'p.problem',
      'p.actions',
      'p.results',
      'p.contactRole',
      'p.body',
      'p.language',
      'p.public',
      'p.status',
      'p.reviewComment',
      'p.step',
      'p.submittedAt',
      'p.approvedAt',
      'c.slug as course',
    ])
    .where('p.authorId', '=', userId)
    .orderBy('p.submittedAt')
    .execute()
}

/**
 * Erasure: the person's practices not approved go; approved ones stay in the library as a
 * contribution about a municipality, without the link to the person (author, enrolment). A
 * moderator's name goes from what they reviewed.
 */
export async function erasePersonalPractices(db: Db, userId: string): Promise<void> {
  await db
    .deleteFrom('goodPractices')
    .where('authorId', '=', userId)
    .where('status', '<>', 'approved')
    .execute()
  await db
    .updateTable('goodPractices')
    .set({ authorId: null, enrolmentId: null })
    .where('authorId', '=', userId)
    .execute()
  await db
    .updateTable('goodPractices')
    .set({ reviewedBy: null })
    .where('reviewedBy', '=', userId)
    .execute()
}
