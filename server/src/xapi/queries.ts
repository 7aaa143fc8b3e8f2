import { sql } from 'kysely'
import type { Db } from '../db/create-db.ts'

// The statements are written by enrolments' commitProgression, in the event's own SQL statement
// (ARCHITECTURE.md, "Writes across owners"); everything else about them is here.

/** A person's statements for their data export, in the order they were stored. */
export function listStatementsOfPerson(db: Db, userId: string) {
  return db
    .selectFrom('xapiStatements')
    .select(['statement', 'storedAt', 'forwardedAt'])
    .where('userId', '=', userId)
    .orderBy('position')
    .execute()
}

/** Erasure: the person's statements go (copies already forwarded are the LRS operator's). */
export async function deleteStatementsOfPerson(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('xapiStatements').where('userId', '=', userId).execute()
}

/**
 * Takes the forwarding lease of the LRS when it is due (no back-off pending) and no other replica
 * holds it; creates the row on first use. One statement, so of two replicas exactly one wins.
 */
export async function claimForwarding(
  db: Db,
  endpoint: string,
  now: Date,
  leaseSeconds: number,
): Promise<{ attempts: number } | undefined> {
  const leasedUntil = new Date(now.getTime() + leaseSeconds * 1000)
  return db
    .insertInto('xapiForwarding')
    .values({ endpoint, attempts: 0, nextAttemptAt: now, leasedUntil })
    .onConflict((oc) =>
      oc
        .column('endpoint')
        .doUpdateSet({ leasedUntil })
        .where('xapiForwarding.leasedUntil', '<=', now)
        .where('xapiForwarding.nextAttemptAt', '<=', now),
    )
    .returning('attempts')
    .executeTakeFirst()
}

/** The oldest statements not forwarded yet, in forwarding order. */
export function nextUnforwarded(db: Db, limit: number) {
  return db
    .selectFrom('xapiStatements')
    .select(['id', 'position', 'statement'])
    .where('forwardedAt', 'is', null)
    .orderBy('position')
    .limit(limit)
    .execute()
}

/** The LRS took the batch: its statements are forwarded, the back-off and the lease end. */
export async function markForwarded(
  db: Db,
  endpoint: string,
  ids: readonly string[],
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('xapiStatements')
      .set({ forwardedAt: now })
      .where('id', 'in', ids)
      .where('forwardedAt', 'is', null)
      .execute()
    await trx
      .updateTable('xapiForwarding')
      .set({
        attempts: 0,
        nextAttemptAt: now,
        leasedUntil: now,
        lastError: null,
        lastForwardedAt: now,
      })
      .where('endpoint', '=', endpoint)
      .execute()
  })
}

/** A failed try: the next waits `delaySeconds`; the lease ends. */
export async function recordFailure(
  db: Db,
  endpoint: string,
  now: Date,
  delaySeconds: number,
  error: string,
): Promise<void> {
  await db
    .updateTable('xapiForwarding')
    .set({
      attempts: sql`attempts + 1`,
      nextAttemptAt: new Date(now.getTime() + delaySeconds * 1000),
      leasedUntil: now,
      lastError: error,
    })
    .where('endpoint', '=', endpoint)
    .execute()
}

/** Nothing to send: the lease ends. */
export async function releaseForwarding(db: Db, endpoint: string, now: Date): Promise<void> {
  await db
    .updateTable('xapiForwarding')
    .set({ leasedUntil: now })
    .where('endpoint', '=', endpoint)
    .execute()
}

export function findForwarding(db: Db, endpoint: string) {
  return db
    .selectFrom('xapiForwarding')
    .selectAll()
    .where('endpoint', '=', endpoint)
    .executeTakeFirst()
}
