import { type Kysely, sql } from 'kysely'

// Good practices: the written alternative to a course's webinar (with its enrolment and step) or a
// contribution outside a course. submitted → approved, or returned with a comment and resubmitted.
// `search_vector` is written with the row by the practices queries: the text in the language's
// text-search configuration (`search_config`), normalised so that Serbian matches across scripts
// and diacritics.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('good_practices')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('author_id', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('enrolment_id', 'uuid', (col) =>
      col.references('enrolments.id').onDelete('set null'),
    )
    .addColumn('step', 'text')
    .addColumn('course_id', 'uuid', (col) => col.references('courses.id').onDelete('set null'))
    .addColumn('country_code', 'text', (col) => col.notNull().references('countries.code'))
    .addColumn('municipality_id', 'uuid', (col) =>
      col.references('municipalities.id').onDelete('set null'),
    )
    .addColumn('municipality_name', 'text', (col) => col.notNull())
    .addColumn('area', 'text', (col) =>
      col
        .notNull()
        .check(
          sql`area in ('workforce', 'services', 'information-communication', 'participation', 'other')`,
        ),
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('problem', 'text', (col) => col.notNull())
    .addColumn('actions', 'text', (col) => col.notNull())
    .addColumn('results', 'text', (col) => col.notNull())
    .addColumn('contact_role', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('public', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('submitted')
        .check(sql`status in ('submitted', 'returned', 'approved')`),
    )
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('revision', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('search_config', 'text', (col) => col.notNull().defaultTo('simple'))
    .addColumn('search_vector', sql`tsvector`, (col) => col.notNull().defaultTo(sql`''::tsvector`))
    .addColumn('submitted_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('approved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index good_practices_search_idx on good_practices using gin (search_vector)`.execute(
    db,
  )
  await db.schema
    .createIndex('good_practices_library_idx')
    .on('good_practices')
    .columns(['status', 'country_code', 'area', 'language'])
    .execute()
  await db.schema
    .createIndex('good_practices_author_idx')
    .on('good_practices')
    .column('author_id')
    .execute()
  await db.schema
    .createIndex('good_practices_enrolment_idx')
    .on('good_practices')
    .column('enrolment_id')
    .execute()
}
