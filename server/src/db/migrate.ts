import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Kysely } from 'kysely'
import {
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  type MigratorProps,
} from 'kysely/migration'

export const migrationsFolder = fileURLToPath(new URL('../../../migrations/', import.meta.url))
const migrationFileName = /^\d{4}_[a-z0-9_]+\.ts$/

/** Loads `NNNN_verb_noun.ts` files in order; anything else in the folder is an error, not skipped silently. */
class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    const migrations: Record<string, Migration> = {}
    for (const file of files.sort()) {
      if (!migrationFileName.test(file)) throw new Error(`migrations/${file}: name must look like 0001_create_things.ts`)
      migrations[file.slice(0, -3)] = (await import(pathToFileURL(join(this.folder, file)).href)) as Migration
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
export async function migrateToLatest(db: Kysely<any>, migrator = createMigrator(db)): Promise<MigrationResultSet['results']> {
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName
    const reason = error instanceof Error ? error.message : String(error)
    throw new MigrationError(`migration ${failed ?? '(loading)'} failed: ${reason}`, { cause: error })
  }
  return results ?? []
}

export async function migrationStatus(db: Kysely<any>): Promise<{ applied: number; pending: number }> {
  const migrations = await createMigrator(db).getMigrations()
  const applied = migrations.filter((migration) => migration.executedAt !== undefined).length
  return { applied, pending: migrations.length - applied }
}
