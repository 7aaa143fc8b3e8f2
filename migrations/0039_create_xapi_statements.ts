import { type Kysely, sql } from 'kysely'

// xAPI 1.0.3 statements, one per progression event, written in the event's statement
// (commitProgression), and the state of their forwarding to a learning record store.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('xapi_statements')
    // The statement's own id (a random UUID, also inside `statement`).
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('event_id', 'bigint', (col) =>
      col.notNull().unique().references('progression_events.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('enrolment_id', 'uuid', (col) =>
      col.notNull().references('enrolments.id').onDelete('cascade'),
    )
    // The forwarding order: statements go to the LRS by ascending position.
    .addColumn('position', 'bigint', (col) => col.notNull().unique().generatedAlwaysAsIdentity())
    .addColumn('statement', 'jsonb', (col) => col.notNull())
    .addColumn('stored_at', 'timestamptz', (col) => col.notNull())
    .addColumn('forwarded_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('xapi_statements_unforwarded_idx')
    .on('xapi_statements')
    .column('position')
    .where(sql.ref('forwarded_at'), 'is', null)
    .execute()
  await db.schema
    .createIndex('xapi_statements_user_idx')
    .on('xapi_statements')
    .column('user_id')
    .execute()
  await db.schema
    .createTable('xapi_forwarding')
    // One row per LRS: its URL.
    .addColumn('endpoint', 'text', (col) => col.primaryKey())
    // Failed tries in a row; the next waits 2^(attempts-1) seconds, at most an hour.
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (col) => col.notNull())
    // The replica sending holds this lease; others skip until it ends.
    .addColumn('leased_until', 'timestamptz', (col) => col.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_forwarded_at', 'timestamptz')
    .execute()
}
