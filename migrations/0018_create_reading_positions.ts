import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reading_positions')
    .addColumn('enrolment_id', 'uuid', (col) =>
      col.notNull().references('enrolments.id').onDelete('cascade'),
    )
    .addColumn('step', 'text', (col) => col.notNull())
    // The id of the last heading the learner reached, so the page can resume there.
    .addColumn('anchor', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('reading_positions_pkey', ['enrolment_id', 'step'])
    .execute()
}
