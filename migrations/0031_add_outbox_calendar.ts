import type { Kysely } from 'kysely'

// A message may carry one calendar object (RFC 5545), sent as the text/calendar part that mail
// clients offer to add: { method: 'REQUEST' | 'CANCEL', content }.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox_messages').addColumn('calendar', 'jsonb').execute()
}
