import { type Kysely, sql } from 'kysely'

// Transactional outbox: a message is stored in the same transaction as the change that causes it
// and sent afterwards by a worker (any replica; rows are claimed with FOR UPDATE SKIP LOCKED).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('recipient', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('next_attempt_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('outbox_messages_pending_idx')
    .on('outbox_messages')
    .column('next_attempt_at')
    .where(sql.ref('sent_at'), 'is', null)
    .execute()
}
