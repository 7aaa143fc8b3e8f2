import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type Kysely, sql } from 'kysely'
import {
  type Migration,
  type MigrationProvider,
  type MigrationResult,
  Migrator,
  type MigratorProps,
} from 'kysely/migration'

export const migrationsFolder = fileURLToPath(new URL('../../../migrations/', import.meta.url))
const migrationFileName = /^\d{4}_[a-z0-9_]+\.ts$/

/** Loads `NNNN_verb_noun.ts` files in order; anything else in the folder is an error, not skipped silently. */
class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    )
    const migrations: Record<string, Migration> = {}
    for (const file of files.sort()) {
      if (!migrationFileName.test(file))
        throw new Error(`migrations/${file}: name must look like 0001_create_things.ts`)
      migrations[file.slice(0, -3)] = (await import(
        pathToFileURL(join(this.folder, file)).href
      )) as Migration
    }
    return migrations
  }
}

export function createMigrator(
  db: Kysely<any>,
  folder = migrationsFolder,
  options: Omit<MigratorProps, 'db' | 'provider'> = {},
): Migrator {
  return new Migrator({ ...options, db, provider: new FolderMigrationProvider(folder) })
}

export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** Brings the schema up to date; throws naming the migration that failed. */
export async function migrateToLatest(
  db: Kysely<any>,
  migrator = createMigrator(db),
): Promise<MigrationResult[]> {
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName
    const reason = error instanceof Error ? error.message : String(error)
    throw new MigrationError(`migration ${failed ?? '(loading)'} failed: ${reason}`, {
      cause: error,
    })
  }
  return results ?? []
}

let knownMigrations: Promise<string[]> | undefined

/**
 * Applied and pending counts, cheap enough for a health probe: the files on disk are read once
 * per process (they cannot change under a running server), the database is asked each time.
 */
export async function migrationStatus(
  db: Kysely<any>,
): Promise<{ applied: number; pending: number }> {
  knownMigrations ??= new FolderMigrationProvider(migrationsFolder)
    .getMigrations()
    .then(Object.keys)
  const known = await knownMigrations
  const rows = await sql<{ name: string }>`select name from kysely_migration`
    .execute(db)
    .catch((error: unknown) => {
      if (/kysely_migration.*does not exist/.test(String(error))) return { rows: [] }
      throw error
    })
  const applied = new Set(rows.rows.map((row) => row.name))
  const appliedKnown = known.filter((name) => applied.has(name)).length
  return { applied: appliedKnown, pending: known.length - appliedKnown }
}
