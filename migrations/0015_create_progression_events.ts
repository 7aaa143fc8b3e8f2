import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('progression_events')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('enrolment_id', 'uuid', (col) =>
      col.notNull().references('enrolments.id').onDelete('cascade'),
    )
    // The enrolment's version after this event: 1 for the first event, no gaps.
    .addColumn('sequence', 'integer', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    .addColumn('actor_id', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('progression_events_sequence_key', ['enrolment_id', 'sequence'])
    .execute()
  // Append-only: the log is the history a snapshot is replayed from, so rows never change.
  await sql`
    create function progression_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'progression_events is append-only';
    end $$`.execute(db)
  await sql`
    create trigger progression_events_no_update before update on progression_events
    for each row execute function progression_events_append_only()`.execute(db)
}
