import { type Kysely, sql } from 'kysely'

// A reminder e-mail a coordinator sent a cluster's learner: never twice within 7 days (reports).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('learner_reminders')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('cluster_id', 'uuid', (col) =>
      col.notNull().references('clusters.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sent_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('sent_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  // The last reminder of a learner in a cluster: the 7-day rule and the dashboard's "last reminded".
  await db.schema
    .createIndex('learner_reminders_cluster_user_idx')
    .on('learner_reminders')
    .columns(['cluster_id', 'user_id', 'sent_at'])
    .execute()
}
