import type { Db, DbKind } from '../db/create-db.ts'
import { migrationStatus } from '../db/migrate.ts'
import type { Health } from './schemas.ts'

/**
 * A load balancer asks often and must hear "unavailable" quickly: a database that does not answer
 * within this long (a hung server, a dead proxy, every pooled connection stuck) counts as down.
 */
export const healthProbeTimeoutMs = 800

export async function checkHealth(db: Db, dbKind: DbKind): Promise<Health> {
  let timer: NodeJS.Timeout | undefined
  const probe = migrationStatus(db)
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('health probe timed out')), healthProbeTimeoutMs)
  })
  try {
    const migrations = await Promise.race([probe, timeout])
    return { status: migrations.pending > 0 ? 'degraded' : 'ok', db: dbKind, migrations }
  } catch {
    // A probe that lost the race may still fail later; that is already answered.
    probe.catch(() => {})
    return { status: 'unavailable', db: dbKind, migrations: { applied: 0, pending: 0 } }
  } finally {
    clearTimeout(timer)
  }
}
