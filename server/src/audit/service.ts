import type { Db } from '../db/create-db.ts'

export const auditActions = [
  'login.succeeded',
  'login.failed',
  'login.locked',
  'logout',
  'session.revoked-all',
  'token.reuse-detected',
  'password.reset-requested',
  'password.changed',
  'invitation.created',
  'invitation.accepted',
  'user.registered',
  'user.roles-changed',
  'user.erased',
  'user.data-exported',
  'municipality.created',
  'municipality.merged',
  'municipalities.imported',
  'setup.completed',
  'course.trainer-assigned',
  'course.trainer-removed',
] as const
export type AuditAction = (typeof auditActions)[number]

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
