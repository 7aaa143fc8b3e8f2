import { sql } from 'kysely'
import type { Db } from '../db/create-db.ts'

/** The answer stored under an Idempotency-Key, if any. */
export async function findIdempotencyKey(
  db: Db,
  key: { userId: string; scope: string; key: string },
) {
  return db
    .selectFrom('idempotencyKeys')
    .select(['fingerprint', 'statusCode', 'response'])
    .where('userId', '=', key.userId)
    .where('scope', '=', key.scope)
    .where('key', '=', key.key)
    .executeTakeFirst()
}

/** Stores the answer to a write under its key, in the write's transaction. */
export async function insertIdempotencyKey(
  db: Db,
  key: { userId: string; scope: string; key: string; fingerprint: string },
  statusCode: number,
  response: unknown,
) {
  await db
    .insertInto('idempotencyKeys')
    .values({ ...key, statusCode, response: JSON.stringify(response) })
    .execute()
}

/** Counts one request in a fixed window (a new window starts once the last one ended). */
export async function countRateLimitHit(db: Db, key: string, windowMs: number) {
  return db
    .insertInto('rateLimitHits')
    .values({ key, count: 1, resetAt: sql`now() + make_interval(secs => ${windowMs / 1000})` })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql`case when rate_limit_hits.reset_at <= now() then 1 else rate_limit_hits.count + 1 end`,
        resetAt: sql`case when rate_limit_hits.reset_at <= now() then excluded.reset_at else rate_limit_hits.reset_at end`,
      }),
    )
    .returning(['count', sql<number>`extract(epoch from (reset_at - now())) * 1000`.as('ttl')])
    .executeTakeFirstOrThrow()
}

/** Takes one counted request back from a key's current window (never below 0). */
export async function uncountRateLimitHit(db: Db, key: string) {
  await db
    .updateTable('rateLimitHits')
    .set({ count: sql`greatest(count - 1, 0)` })
    .where('key', '=', key)
    .where('resetAt', '>', sql<Date>`now()`)
    .execute()
}

/**
 * Deletes up to `batch` stored answers older than `hours`; resolves with how many went. Batches
 * keep each statement short, so the purge never holds locks a submit would wait on.
 */
export async function deleteIdempotencyKeysOlderThan(db: Db, hours: number, batch: number) {
  const old = db
    .selectFrom('idempotencyKeys')
    .select(sql`ctid`.as('ctid'))
    .where('createdAt', '<', sql<Date>`now() - make_interval(hours => ${hours})`)
    .limit(batch)
  const result = await db
    .deleteFrom('idempotencyKeys')
    .where(sql<boolean>`ctid = any(array(${old}))`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Deletes up to `batch` rate-limit windows that have ended (an ended window counts as none). */
export async function deleteEndedRateLimitWindows(db: Db, batch: number) {
  const ended = db
    .selectFrom('rateLimitHits')
    .select(sql`ctid`.as('ctid'))
    .where('resetAt', '<=', sql<Date>`now()`)
    .limit(batch)
  const result = await db
    .deleteFrom('rateLimitHits')
    .where(sql<boolean>`ctid = any(array(${ended}))`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
