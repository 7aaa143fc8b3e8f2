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
