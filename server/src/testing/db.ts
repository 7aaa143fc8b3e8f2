import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import pg from 'pg'
import { createDb, type DbHandle } from '../db/create-db.ts'

/** How test files get a database: set up once per run by test/setup/global.ts. */
export type TestDatabaseSource =
  { kind: 'pglite'; snapshotFile: string } | { kind: 'postgres'; url: string; template: string }

export function databaseUrlFor(url: string, database: string): string {
  const target = new URL(url)
  target.pathname = `/${database}`
  return target.toString()
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** A new, empty PostgreSQL database beside the one in `url`; drop() removes it again. */
export async function createScratchDatabase(
  url: string,
  prefix: string,
  template?: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await onServer(url, async (client) => {
    // Concurrent copies of one template can collide ("source database is being accessed"); retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`create database "${name}"${template ? ` template "${template}"` : ''}`)
        return
      } catch (error) {
        if (attempt >= 10 || !/being accessed by other users/.test(String(error))) throw error
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
      }
    }
  })
  return {
    name,
    url: databaseUrlFor(url, name),
    drop: () =>
      onServer(url, (client) =>
        client.query(`drop database if exists "${name}" with (force)`),
      ).then(() => {}),
  }
}

/**
 * A fresh, migrated database of its own: a PGlite loaded from the snapshot, or a copy of the
 * template with a pool of `poolMax` connections (PGlite has one connection and no pool).
 */
export async function openTestDatabase(
  source: TestDatabaseSource,
  { poolMax = 5, acquireTimeoutMs }: { poolMax?: number; acquireTimeoutMs?: number } = {},
): Promise<DbHandle> {
  if (source.kind === 'pglite') {
    const snapshot = new Blob([readFileSync(source.snapshotFile)])
    return createDb({ kind: 'pglite', loadDataDir: snapshot })
  }
  const scratch = await createScratchDatabase(source.url, 'agora_test', source.template)
  const handle = await createDb({ kind: 'postgres', url: scratch.url, poolMax, acquireTimeoutMs })
  await sql`select 1`.execute(handle.db)
  return {
    ...handle,
    async close() {
      await handle.close()
      await scratch.drop()
    },
  }
}
