import type { Kysely } from 'kysely'

// Failed sign-ins count per address and client together, so a stranger cannot hold the owner
// back; a row with client '' counts the address across all clients (a brake, far higher). The
// old per-address lock-outs are dropped rather than converted: they are minutes-long counters.
export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('login_throttles').execute()
  await db.schema.alterTable('login_throttles').dropConstraint('login_throttles_pkey').execute()
  await db.schema
    .alterTable('login_throttles')
    .addColumn('client', 'text', (col) => col.notNull())
    .execute()
  await db.schema.alterTable('login_throttles').renameColumn('locked_until', 'retry_at').execute()
  await db.schema.alterTable('login_throttles').addColumn('notified_at', 'timestamptz').execute()
  await db.schema
    .alterTable('login_throttles')
    .addPrimaryKeyConstraint('login_throttles_pkey', ['email_key', 'client'])
    .execute()
}
