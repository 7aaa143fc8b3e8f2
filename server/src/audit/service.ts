import type { Db } from '../db/create-db.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import type { AuditAction } from './actions.ts'
import { insertAuditEvent, listAuditEvents } from './queries.ts'
import type { AuditEvent } from './schemas.ts'

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
  await insertAuditEvent(db, {
    action: entry.action,
    actorId: entry.actorId ?? null,
    subject: entry.subject ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  })
}

const dayMs = 24 * 60 * 60 * 1000

/** The audit log for admins, newest first; `from` and `to` are UTC dates, both inclusive. */
export function listAudit(
  db: Db,
  query: {
    action?: AuditAction
    actor?: string
    from?: string
    to?: string
    limit: number
    offset: number
  },
): Promise<Page<AuditEvent>> {
  const filter = {
    action: query.action,
    actor: query.actor,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    until: query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + dayMs) : undefined,
  }
  return pageOf(
    query,
    (window) => listAuditEvents(db, filter, window),
    (row) => ({
      id: row.id,
      at: new Date(row.at).toISOString(),
      action: row.action,
      actor: row.actorId ? { id: row.actorId, email: row.actorEmail! } : null,
      subject: row.subject,
      ip: row.ip,
      details: row.details,
    }),
  )
}
