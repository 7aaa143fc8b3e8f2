import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { DbHandle } from './create-db.ts'
import { openTestDatabase } from '../testing/db.ts'
import {
  createMigrator,
  MigrationError,
  migrateToLatest,
  migrationsFolder,
  migrationStatus,
} from './migrate.ts'

let database: DbHandle
beforeAll(async () => {
  database = await openTestDatabase(inject('database'))
})
afterAll(() => database.close())

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'agora-migrations-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text)
  return folder
}

describe('migrations', () => {
  it('are all applied to a fresh test database, none pending', async () => {
    const files = readdirSync(migrationsFolder).filter(
      (file) => /^\d{4}_.*\.ts$/.test(file) && !file.endsWith('.test.ts'),
    )
    expect(await migrationStatus(database.db)).toEqual({ applied: files.length, pending: 0 })
  })

  it('refuses a file whose name does not follow NNNN_verb_noun.ts', async () => {
    const folder = folderWith({
      '0001_ok.ts': 'export async function up() {}',
      'second.ts': 'export async function up() {}',
    })
    await expect(createMigrator(database.db, folder).getMigrations()).rejects.toThrow(
      'migrations/second.ts: name must look like 0001_create_things.ts',
    )
  })

  it('names the migration that failed and rolls the whole run back', async () => {
    const folder = folderWith({
      '0001_create_probe.ts': `export async function up(db) { await db.schema.createTable('probe').addColumn('id', 'integer').execute() }`,
      '0002_break_things.ts': `export async function up(db) {
        await db.schema.createTable('half_done').addColumn('id', 'integer').execute()
        await db.schema.createTable('probe').addColumn('id', 'integer').execute()
      }`,
    })
    const migrator = createMigrator(database.db, folder, {
      migrationTableSchema: 'probe_migrations',
    })
    await sql`create schema probe_migrations`.execute(database.db)
    const failure = migrateToLatest(database.db, migrator)
    await expect(failure).rejects.toBeInstanceOf(MigrationError)
    await expect(failure).rejects.toThrow(
      /^migration 0002_break_things failed: relation "probe" already exists/,
    )
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables where table_name in ('probe', 'half_done')`.execute(
      database.db,
    )
    // Kysely runs one migrateToLatest in one transaction: the good 0001 is rolled back with 0002.
    expect(tables.rows).toEqual([])
    expect(await migrationStatus(database.db)).toMatchObject({ pending: 0 })
  })
})
