import type { Kysely } from 'kysely'

// A person's access tokens carry the epoch they were issued in; moving it on (a role change,
// signing out everywhere, a password reset, an erasure) ends every token issued before.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('session_epoch', 'integer', (col) => col.notNull().defaultTo(0))
    .execute()
}
