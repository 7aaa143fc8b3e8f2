import { hasRole } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { Problem } from '../http/problem.ts'
import { listInvitations as listInvitationRows } from './queries.ts'
import type { Invitation } from './schemas.ts'
import { toInvitation } from './sending.ts'

export { acceptInvitation, describeInvitation } from './accepting.ts'
export { inviteMany } from './bulk.ts'
export { insertInvitation, invitationValidDays, invite, inviterName } from './sending.ts'

/** Invitations sent: all for admins, those into their association for coordinators. */
export async function listInvitations(
  { db, actor }: ServiceContext,
  page: { limit: number; offset: number },
): Promise<Page<Invitation>> {
  let associationId: string | null = null
  if (!hasRole(actor, 'admin')) {
    associationId = actor.associationId
    if (!associationId) throw Problem.forbidden('Your account is not attached to an association.')
  }
  return pageOf(page, (window) => listInvitationRows(db, { associationId }, window), toInvitation)
}
