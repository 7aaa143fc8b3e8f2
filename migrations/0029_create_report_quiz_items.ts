import type { Kysely } from 'kysely'

// The coordinator's dashboard (reports): per-question statistics of a cluster, kept as one row and
// computed again when the cluster has changed since (the funnel itself is read live from snapshots).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_quiz_items')
    .addColumn('cluster_id', 'uuid', (col) =>
      col.primaryKey().references('clusters.id').onDelete('cascade'),
    )
    // What the statistics were computed from: members, last membership change, last progress.
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('items', 'jsonb', (col) => col.notNull())
    .addColumn('computed_at', 'timestamptz', (col) => col.notNull())
    .execute()
}
