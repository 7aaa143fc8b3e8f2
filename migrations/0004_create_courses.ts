import { type Kysely, sql } from 'kysely'

// The catalogue entry of a course. Its immutable versions (content, steps) come with the
// course-format work; a course is listed publicly once published_at is set.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('courses')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (col) =>
      col
        .notNull()
        .unique()
        .check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    )
    .addColumn('title', 'jsonb', (col) => col.notNull())
    .addColumn('languages', sql`text[]`, (col) => col.notNull())
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
}
