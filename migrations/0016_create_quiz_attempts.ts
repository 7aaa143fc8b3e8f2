import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('quiz_attempts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('enrolment_id', 'uuid', (col) =>
      col.notNull().references('enrolments.id').onDelete('cascade'),
    )
    .addColumn('step', 'text', (col) => col.notNull())
    .addColumn('number', 'integer', (col) => col.notNull())
    // Graded in the language it was started in: short answers differ between translations.
    .addColumn('language', 'text', (col) => col.notNull())
    // Seeds the per-attempt order of questions and choices, so the order is stable on reload.
    .addColumn('seed', 'integer', (col) => col.notNull())
    .addColumn('answers', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'graded')`),
    )
    .addColumn('score', 'double precision')
    .addColumn('passed', 'boolean')
    .addColumn('result', 'jsonb')
    .addColumn('started_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('saved_at', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz')
    .addUniqueConstraint('quiz_attempts_number_key', ['enrolment_id', 'step', 'number'])
    .execute()
  // At most one open attempt per module of an enrolment.
  await sql`create unique index quiz_attempts_open_key on quiz_attempts (enrolment_id, step) where status = 'open'`.execute(
    db,
  )
}
