import rateLimit, {
  type FastifyRateLimitStore,
  type FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/create-db.ts'
import { Problem } from './problem.ts'
import { countRateLimitHit, deleteEndedRateLimitWindows, uncountRateLimitHit } from './queries.ts'

/**
 * Fixed-window counters in PostgreSQL instead of process memory, so every replica counts the same
 * requests (DESIGN: nothing another replica needs lives in memory).
 */
function postgresStore(db: Db, prefix = '') {
  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      countRateLimitHit(db, prefix + key, timeWindow).then(
        (row) =>
          callback(null, { current: row.count, ttl: Math.max(0, Math.round(Number(row.ttl))) }),
        (error: Error) => callback(error),
      )
    }

    // The plugin hands each rate-limited route its merged options, with the route under routeInfo;
    // counting per route keeps one route's traffic from using up another's allowance.
    // (Its type declarations say route options; at run time it passes the merged options.)
    child(options: object): FastifyRateLimitStore {
      const route = (options as { routeInfo?: { method?: string | string[]; url?: string } })
        .routeInfo
      const Store = postgresStore(
        db,
        route?.url ? `${[route.method].flat().join(',')} ${route.url} ` : prefix,
      )
      return new Store()
    }
  }
}

/** Off by default; routes opt in with `config: { rateLimit: { max, timeWindow } }`. */
export async function registerRateLimit(app: FastifyInstance, db: Db): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    store: postgresStore(db) as unknown as FastifyRateLimitStoreCtor,
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(`Too many requests from this address; try again in ${context.after}.`),
        {
          statusCode: 429,
          retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)),
        },
      ),
  })
}

export const authRateLimit = { max: 20, timeWindow: 60_000 }

/**
 * A limit on failed tries only (wrong codes), kept in the same table as the routes' counters.
 * `takeTry` counts a try before it is judged, so tries sent at once cannot slip past the limit;
 * `giveBackTry` returns it when the try succeeded. Past `max` in a window the try is refused
 * with 429 and Retry-After, unjudged.
 */
export interface FailureLimit {
  max: number
  windowMs: number
}

export async function takeTry(db: Db, key: string, limit: FailureLimit): Promise<void> {
  const { count, ttl } = await countRateLimitHit(db, key, limit.windowMs)
  if (count > limit.max) {
    const retryAfter = Math.max(1, Math.ceil(Number(ttl) / 1000))
    throw new Problem(
      429,
      'rate-limited',
      'Too many requests',
      `Too many failed tries; try again in ${retryAfter} seconds.`,
      { retryAfter },
    )
  }
}

export const giveBackTry = (db: Db, key: string) => uncountRateLimitHit(db, key)

/** Deletes up to `batch` counters whose window has ended; resolves with how many went. */
export const purgeRateLimitWindows = (db: Db, batch: number) =>
  deleteEndedRateLimitWindows(db, batch)
