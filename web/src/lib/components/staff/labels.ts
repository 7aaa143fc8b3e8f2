import { type AuditAction, auditActions, type Role, roles } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

export { type Role, roles }

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value)
}

const roleLabels: Record<Role, () => string> = {
  learner: m.admin_role_learner,
  trainer: m.admin_role_trainer,
  coordinator: m.admin_role_coordinator,
  admin: m.admin_role_admin,
}

export function roleLabel(role: string): string {
  return isRole(role) ? roleLabels[role]() : role
}

export { type AuditAction, auditActions }

const auditLabels: Record<AuditAction, () => string> = {
  'login.succeeded': m.admin_audit_action_login_succeeded,
  'login.failed': m.admin_audit_action_login_failed,
  'login.locked': m.admin_audit_action_login_locked,
  logout: m.admin_audit_action_logout,
  'session.revoked-all': m.admin_audit_action_session_revoked_all,
  'token.reuse-detected': m.admin_audit_action_token_reuse_detected,
  'password.reset-requested': m.admin_audit_action_password_reset_requested,
  'password.changed': m.admin_audit_action_password_changed,
  'invitation.created': m.admin_audit_action_invitation_created,
  'invitation.accepted': m.admin_audit_action_invitation_accepted,
  'user.registered': m.admin_audit_action_user_registered,
  'user.roles-changed': m.admin_audit_action_user_roles_changed,
  'user.erased': m.admin_audit_action_user_erased,
  'user.data-exported': m.admin_audit_action_user_data_exported,
  'municipality.created': m.admin_audit_action_municipality_created,
  'municipality.merged': m.admin_audit_action_municipality_merged,
  'course.trainer-assigned': m.admin_audit_action_course_trainer_assigned,
  'course.trainer-removed': m.admin_audit_action_course_trainer_removed,
  'course.published': m.admin_audit_action_course_published,
  'enrolment.withdrawn': m.admin_audit_action_enrolment_withdrawn,
  'attempt.granted': m.admin_audit_action_attempt_granted,
  'cluster.created': m.admin_audit_action_cluster_created,
  'cluster.updated': m.admin_audit_action_cluster_updated,
  'cluster.status-changed': m.admin_audit_action_cluster_status_changed,
  'cluster.member-added': m.admin_audit_action_cluster_member_added,
  'cluster.member-removed': m.admin_audit_action_cluster_member_removed,
  'cluster.trainer-assigned': m.admin_audit_action_cluster_trainer_assigned,
  'cluster.trainer-removed': m.admin_audit_action_cluster_trainer_removed,
  'learner.reminded': m.admin_audit_action_learner_reminded,
  'call.created': m.admin_audit_action_call_created,
  'call.updated': m.admin_audit_action_call_updated,
  'call.published': m.admin_audit_action_call_published,
  'call.closed': m.admin_audit_action_call_closed,
  'call.deleted': m.admin_audit_action_call_deleted,
  'application.submitted': m.admin_audit_action_application_submitted,
  'application.withdrawn': m.admin_audit_action_application_withdrawn,
  'application.decided': m.admin_audit_action_application_decided,
  'application.declined': m.admin_audit_action_application_declined,
  'application.promoted': m.admin_audit_action_application_promoted,
  'municipalities.imported': m.admin_audit_action_municipalities_imported,
  'setup.completed': m.admin_audit_action_setup_completed,
  'attendance.marked': m.admin_audit_action_attendance_marked,
  'webinar.checked-in': m.admin_audit_action_webinar_checked_in,
  'webinar.check-in-refused': m.admin_audit_action_webinar_check_in_refused,
  'webinar.cancelled': m.admin_audit_action_webinar_cancelled,
  'good-practice.approved': m.practice_audit_approved,
  'good-practice.returned': m.practice_audit_returned,
  'certificate.issued': m.admin_audit_action_certificate_issued,
  'certificate.revoked': m.admin_audit_action_certificate_revoked,
  'certificate.reissued': m.admin_audit_action_certificate_reissued,
  'signing-key.rotated': m.admin_audit_action_signing_key_rotated,
}

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (auditActions as readonly string[]).includes(value)
}

export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? auditLabels[action]() : action
}
