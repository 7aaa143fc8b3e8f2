import { type Kysely, sql } from 'kysely'

// The coordinator's dashboard (reports): a cluster's counted funnel and per-question tallies, kept
// as one row with what they were counted from, and counted again when that changed (at most once a
// minute) or when the row is a quarter of an hour old; and two indexes on enrolments for the
// learners at risk, read live.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_summaries')
    .addColumn('cluster_id', 'uuid', (col) =>
      col.primaryKey().references('clusters.id').onDelete('cascade'),
    )
    // Members, last membership change, enrolments, last progress, the courses' versions.
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('funnel', 'jsonb', (col) => col.notNull())
    .addColumn('quiz_items', 'jsonb', (col) => col.notNull())
    .addColumn('computed_at', 'timestamptz', (col) => col.notNull())
    .execute()
  // Each member's last change per live enrolment, read from the index alone (no snapshot).
  await sql`create index enrolments_activity_idx on enrolments (user_id, course_id) include (updated_at, status) where status <> 'withdrawn'`.execute(
    db,
  )
  // The few active enrolments with a locked module (reports' queries repeat this predicate).
  await sql`create index enrolments_locked_idx on enrolments (user_id) where status = 'active' and (progress -> 'value')::text like '%"locked"%'`.execute(
    db,
  )
}
