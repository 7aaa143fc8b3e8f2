// Pure: the web imports this list (@agora/server/audit-actions) for its audit filters and labels.
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
