import { sql } from 'kysely'
import type { Db } from '../db/create-db.ts'

export async function insertOutboxMessage(
  db: Db,
  message: { recipient: string; subject: string; text: string; calendar?: string | null },
): Promise<void> {
  await db.insertInto('outboxMessages').values(message).execute()
}

/**
 * Claims up to `limit` due messages with a five-minute lease (FOR UPDATE SKIP LOCKED, so replicas
 * never claim the same one), counting the attempt.
 */
export async function claimDueMessages(db: Db, limit: number, maxAttempts: number) {
  return db
    .updateTable('outboxMessages')
    .set({ attempts: sql`attempts + 1`, nextAttemptAt: sql`now() + interval '5 minutes'` })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outboxMessages')
        .select('id')
        .where('sentAt', 'is', null)
        .where('nextAttemptAt', '<=', sql<Date>`now()`)
        .where('attempts', '<', maxAttempts)
        .orderBy('createdAt')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'recipient', 'subject', 'text', 'attempts', 'calendar'])
    .execute()
}

export async function markSent(db: Db, id: string): Promise<void> {
  await db
    .updateTable('outboxMessages')
    .set({ sentAt: sql`now()`, lastError: null })
    .where('id', '=', id)
    .execute()
}

export async function scheduleRetry(
  db: Db,
  id: string,
  lastError: string,
  delaySeconds: number,
): Promise<void> {
  await db
    .updateTable('outboxMessages')
    .set({ lastError, nextAttemptAt: sql`now() + make_interval(secs => ${delaySeconds})` })
    .where('id', '=', id)
    .execute()
}
