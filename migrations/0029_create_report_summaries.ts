import type { Kysely } from 'kysely'

// The coordinator's dashboard (reports): a cluster's counted funnel and per-question tallies, kept
// as one row with what they were counted from, and counted again when that changed (at most once a
// minute) or when the row is a quarter of an hour old.
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
}
