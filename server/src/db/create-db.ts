import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import { isConnectionLost } from './connection-lost.ts'
import { preparedStatements } from './hot-query.ts'
import type { Database } from './schema.ts'

export type Db = Kysely<Database>
export type DbKind = 'pglite' | 'postgres'

export interface DbHandle {
  db: Db
  kind: DbKind
  /** The embedded instance, when kind is 'pglite' (snapshots in tests). */
  pglite?: PGlite
  close(): Promise<void>
}

export type DbTarget =
  /**
   * acquireTimeoutMs: the longest a query waits for a pooled connection, or for a new one to open
   * (default: defaultAcquireTimeoutMs); past it the query fails and the request answers 503.
   */
  | { kind: 'postgres'; url: string; poolMax?: number; acquireTimeoutMs?: number }
  /** dataDir undefined → in memory; loadDataDir → start from a dumped snapshot (tests). */
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob }

export function dbTargetFromConfig(config: {
  DATABASE_URL?: string
  DATABASE_POOL_MAX: number
  AGORA_DATA_DIR: string
}): DbTarget {
  return config.DATABASE_URL
    ? { kind: 'postgres', url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX }
    : { kind: 'pglite', dataDir: join(config.AGORA_DATA_DIR, 'pglite') }
}

/**
 * A database that does not answer must not hold requests: a stopped server refuses at once, one
 * that is unreachable or saturated fails the query after this long (503 with Retry-After).
 */
export const defaultAcquireTimeoutMs = 5000

// timestamptz and friends are parsed by the drivers; bigint counts come back as strings unless told.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

export async function createDb(target: DbTarget): Promise<DbHandle> {
  const plugins = [new CamelCasePlugin()]
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolMax ?? 10,
      connectionTimeoutMillis: target.acquireTimeoutMs ?? defaultAcquireTimeoutMs,
    })
    // An idle client can be cut off by the server (restart, failover, a dropped database). Without
    // a listener the pool re-emits that as an uncaught error and the process dies; the pool
    // already discards the client, and the next query opens a new one.
    pool.on('error', (error) =>
      console.warn(`PostgreSQL closed an idle connection: ${error.message}`),
    )
    pool.on('connect', (client) => {
      survivesLostConnection(client)
      preparesHotStatements(client)
    })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins })
    return { db, kind: 'postgres', close: () => db.destroy() }
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true })
  const pglite = await PGlite.create({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    parsers: { 20: (value: string) => Number(value) },
  })
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), plugins })
  return { db, kind: 'pglite', pglite, close: () => db.destroy() }
}

/**
 * The pool listens for a client's 'error' only while the client is idle. A checked-out client
 * whose connection dies (pg_terminate_backend, a restart, a proxy's idle timeout) emits 'error'
 * too, and unheard that event kills the process: this listener stays for the client's life. The
 * query in flight fails by itself, and the request answers 503 (http/error-handler.ts).
 *
 * A client is discarded on release only once pg has marked it unusable, which can come after the
 * failed query was already answered (the server's "terminating connection" message arrives before
 * the socket closes). Ending the client as soon as a query fails that way makes the release that
 * follows discard it, so no later request is handed the dead connection.
 */
function survivesLostConnection(client: pg.PoolClient): void {
  client.on('error', () => {
    // Nothing to do: the failed query reports the error, the pool discards the client.
  })
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  client.query = ((...args: unknown[]) => {
    const result = query(...args)
    if (result instanceof Promise)
      result.catch((error: unknown) => {
        if (isConnectionLost(error)) void client.end().catch(() => {})
      })
    return result
  }) as typeof client.query
}

/** Kysely sends (text, values); the hot statements go out named, so the server plans them once. */
function preparesHotStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown) => unknown
  client.query = ((config: unknown, values?: unknown) => {
    const name =
      typeof config === 'string' && Array.isArray(values)
        ? preparedStatements.get(config)
        : undefined
    return name ? query({ name, text: config, values }) : query(config, values)
  }) as typeof client.query
}
