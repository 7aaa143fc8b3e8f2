import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('enrolments')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('course_id', 'uuid', (col) => col.notNull().references('courses.id'))
    // Pinned at enrolment: the learner keeps this version even after a new one is published.
    .addColumn('course_version_id', 'uuid', (col) => col.notNull().references('course_versions.id'))
    .addColumn('language', 'text', (col) => col.notNull())
    // No foreign key yet: learning clusters arrive with their own issue and migration.
    .addColumn('cluster_id', 'uuid')
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'withdrawn', 'completed')`),
    )
    .addColumn('progress', 'jsonb', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('enrolled_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('withdrawn_reason', 'text')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  // One live enrolment per learner and course; a withdrawn one may be followed by a new one.
  await sql`create unique index enrolments_live_key on enrolments (user_id, course_id) where status <> 'withdrawn'`.execute(
    db,
  )
  await db.schema
    .createIndex('enrolments_course_idx')
    .on('enrolments')
    .columns(['course_id', 'status'])
    .execute()
}
