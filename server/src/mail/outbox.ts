import type { Db } from '../db/create-db.ts'
import type { OutboxCalendar } from '../db/schema.ts'
import { insertOutboxMessage } from './queries.ts'

export type { OutboxCalendar }

/**
 * Queues an e-mail in the caller's transaction; the worker sends it after the commit. A message may
 * carry one calendar object (RFC 5545), sent as the text/calendar part mail clients offer to add.
 */
export async function enqueueMail(
  db: Db,
  message: { to: string; subject: string; text: string; calendar?: OutboxCalendar },
): Promise<void> {
  await insertOutboxMessage(db, {
    recipient: message.to,
    subject: message.subject,
    text: message.text,
    calendar: message.calendar ? JSON.stringify(message.calendar) : null,
  })
}
