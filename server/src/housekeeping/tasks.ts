import type { Db } from '../db/create-db.ts'
import { purgeIdempotencyKeys } from '../http/idempotency.ts'
import { purgeRateLimitWindows } from '../http/rate-limit.ts'
import { purgeLoginThrottles } from '../identity/service.ts'

/** A piece of upkeep that one replica runs every `everySeconds`, whichever takes the lease. */
export interface ScheduledTask {
  name: string
  everySeconds: number
  /** Resolves with a short account of what it did, kept in `scheduled_tasks.last_outcome`. */
  run(db: Db): Promise<string>
}

const purgeBatch = 5_000

/** Runs a batch delete until a batch comes back short; resolves with the total deleted. */
export async function drain(deleteBatch: (db: Db, batch: number) => Promise<number>, db: Db) {
  let total = 0
  for (;;) {
    const deleted = await deleteBatch(db, purgeBatch)
    total += deleted
    if (deleted < purgeBatch) return total
  }
}

const hourly = 60 * 60

/** Rows that only protect requests for a while: replay receipts, rate windows, sign-in throttles. */
export const purgeTasks: ScheduledTask[] = [
  {
    name: 'purge-idempotency-keys',
    everySeconds: hourly,
    run: async (db) => `${await drain(purgeIdempotencyKeys, db)} deleted`,
  },
  {
    name: 'purge-rate-limit-windows',
    everySeconds: hourly,
    run: async (db) => `${await drain(purgeRateLimitWindows, db)} deleted`,
  },
  {
    name: 'purge-login-throttles',
    everySeconds: hourly,
    run: async (db) => `${await drain(purgeLoginThrottles, db)} deleted`,
  },
]
