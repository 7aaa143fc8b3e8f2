import type { Db, DbKind } from '../db/create-db.ts'
import { migrationStatus } from '../db/migrate.ts'
import type { Health } from './schemas.ts'

export async function checkHealth(db: Db, dbKind: DbKind): Promise<Health> {
  try {
    const migrations = await migrationStatus(db)
    return { status: migrations.pending > 0 ? 'degraded' : 'ok', db: dbKind, migrations }
  } catch {
    return { status: 'unavailable', db: dbKind, migrations: { applied: 0, pending: 0 } }
  }
}
