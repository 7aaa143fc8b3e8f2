import type { Kysely } from 'kysely'

// One row per scheduled task: whichever replica moves the lease forward runs it, the others skip.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduled_tasks')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('leased_until', 'timestamptz', (col) => col.notNull())
    .addColumn('last_started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_finished_at', 'timestamptz')
    // What the last finished run did (rows purged, say) or why it failed.
    .addColumn('last_outcome', 'text')
    .execute()
}
