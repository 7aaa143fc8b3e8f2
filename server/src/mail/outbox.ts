import type { Db } from '../db/create-db.ts'
import { insertOutboxMessage } from './queries.ts'

/** Queues an e-mail in the caller's transaction; the worker sends it after the commit. */
export async function enqueueMail(
  db: Db,
  message: { to: string; subject: string; text: string },
): Promise<void> {
  await insertOutboxMessage(db, {
    recipient: message.to,
    subject: message.subject,
    text: message.text,
  })
}
