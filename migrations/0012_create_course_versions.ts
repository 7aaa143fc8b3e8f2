import { type Kysely, sql } from 'kysely'

// An imported course is an immutable version, identified within its course by the hash of its
// files: enrolments pin a version, and publishing a new one never changes an old one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('course_versions')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('course_id', 'uuid', (col) =>
      col.notNull().references('courses.id').onDelete('cascade'),
    )
    .addColumn('number', 'integer', (col) => col.notNull())
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('manifest', 'jsonb', (col) => col.notNull())
    .addColumn('manifest_source', 'text', (col) => col.notNull())
    .addColumn('change_summary', 'text')
    .addColumn('created_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('course_versions_number_key', ['course_id', 'number'])
    .addUniqueConstraint('course_versions_hash_key', ['course_id', 'content_hash'])
    .execute()

  // One row per step document (module or survey) and language, rendered once at import.
  await db.schema
    .createTable('course_documents')
    .addColumn('version_id', 'uuid', (col) =>
      col.notNull().references('course_versions.id').onDelete('cascade'),
    )
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('step', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('module', 'survey')`))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('minutes', 'integer', (col) => col.notNull())
    .addColumn('objectives', 'jsonb', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('html', 'text', (col) => col.notNull())
    .addColumn('toc', 'jsonb', (col) => col.notNull())
    .addColumn('questions', 'jsonb', (col) => col.notNull())
    .addPrimaryKeyConstraint('course_documents_pkey', ['version_id', 'language', 'step'])
    .execute()

  await db.schema
    .alterTable('courses')
    .addColumn('current_version_id', 'uuid', (col) => col.references('course_versions.id'))
    .execute()
}
