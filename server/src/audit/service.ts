import type { Db } from '../db/create-db.ts'
import type { AuditAction } from './actions.ts'

export { type AuditAction, auditActions } from './actions.ts'

export interface AuditEntry {
  action: AuditAction
  actorId?: string | null
  subject?: string | null
  ip?: string | null
  details?: Record<string, unknown>
}

/** Appends to the audit log; pass the transaction of the change so both commit or neither. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('auditEvents')
    .values({
      action: entry.action,
      actorId: entry.actorId ?? null,
      subject: entry.subject ?? null,
      ip: entry.ip ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute()
}
