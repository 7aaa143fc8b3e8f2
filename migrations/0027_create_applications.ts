import { type Kysely, sql } from 'kysely'

// An application to a call, by a person or by a municipality nominating officials. Each person
// put forward is a candidate, and the selection decides per candidate. `declared` holds what a
// candidate chose to declare (gender, community): read only by the selecting coordinators,
// never exported with names, erased with the person.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('applications')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (col) => col.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('applicant_id', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('municipality_id', 'uuid', (col) => col.references('municipalities.id'))
    .addColumn('answers', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'submitted', 'withdrawn')`),
    )
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('applications_call_applicant_key', ['call_id', 'applicant_id'])
    .execute()
  await db.schema
    .createIndex('applications_call_status_idx')
    .on('applications')
    .columns(['call_id', 'status'])
    .execute()
  await db.schema
    .createTable('application_candidates')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (col) =>
      col.notNull().references('applications.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('full_name', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('position', 'text')
    .addColumn('languages', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('answers', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('declared', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('decision', 'text', (col) =>
      col
        .notNull()
        .defaultTo('pending')
        .check(sql`decision in ('pending', 'accepted', 'rejected', 'wait-listed', 'declined')`),
    )
    .addColumn('decision_reason', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('application_candidates_application_idx')
    .on('application_candidates')
    .column('application_id')
    .execute()
  await db.schema
    .createIndex('application_candidates_user_idx')
    .on('application_candidates')
    .column('user_id')
    .execute()
  // A person is put forward at most once per application.
  await sql`create unique index application_candidates_email_key on application_candidates (application_id, lower(email))`.execute(
    db,
  )
}
