import { type Kysely, sql } from 'kysely'

// A coordinator composes a call step by step: a draft may lack its deadline, time zone and places,
// which opening it requires. Once open or closed, a call has all three.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('calls')
    .alterColumn('deadline', (col) => col.dropNotNull())
    .alterColumn('time_zone', (col) => col.dropNotNull())
    .alterColumn('places', (col) => col.dropNotNull())
    .execute()
  await db.schema
    .alterTable('calls')
    .addCheckConstraint(
      'calls_complete_check',
      sql`status = 'draft' or (deadline is not null and time_zone is not null and places is not null)`,
    )
    .execute()
}
