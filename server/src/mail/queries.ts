import type { Db } from '../db/create-db.ts'

export async function insertOutboxMessage(
  db: Db,
  message: { recipient: string; subject: string; text: string },
): Promise<void> {
  await db.insertInto('outboxMessages').values(message).execute()
}
