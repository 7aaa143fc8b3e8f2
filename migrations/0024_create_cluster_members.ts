import { type Kysely, sql } from 'kysely'

// Who belongs to a cluster; a member who left keeps the row (left_at, leave_reason) for reports.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cluster_members')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('cluster_id', 'uuid', (col) =>
      col.notNull().references('clusters.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('source', 'text', (col) =>
      col.notNull().check(sql`source in ('selection', 'assignment', 'import')`),
    )
    .addColumn('joined_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('left_at', 'timestamptz')
    .addColumn('leave_reason', 'text')
    .execute()
  // One current membership per person and cluster; someone who left may join again.
  await sql`create unique index cluster_members_current_key on cluster_members (cluster_id, user_id) where left_at is null`.execute(
    db,
  )
}
