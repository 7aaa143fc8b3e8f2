import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import type { Role } from '../db/schema.ts'
import { type Actor, hasRole } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { type FieldError, Problem } from '../http/problem.ts'
import { hashSecret, isRegistered, nameOf, newSecret } from '../identity/service.ts'
import { composeMail, enqueueMail } from '../mail/service.ts'
import { associationExists, municipalityPlace } from '../organisations/service.ts'
import { insertInvitation as insertInvitationRow, revokePendingInvitations } from './queries.ts'
import type { CreateInvitationBody, Invitation } from './schemas.ts'

export const invitationValidDays = 7
export const roleNames: readonly Role[] = ['learner', 'trainer', 'coordinator', 'admin']

/** An invitation's service context: the request's, and the public origin its links point to. */
export type InvitingContext = ServiceContext & { origin: string }

/** Where an invitation may place a person: admins anywhere, coordinators in their association. */
export async function placementProblems(
  db: Db,
  actor: Actor,
  input: CreateInvitationBody,
  at: string,
): Promise<FieldError[]> {
  const errors: FieldError[] = []
  if (input.municipalityId && input.associationId) {
    errors.push({
      pointer: `${at}/associationId`,
      reason: 'conflict',
      detail: 'give a municipality or an association, not both',
    })
    return errors
  }
  let associationOfPlace: string | null = null
  if (input.municipalityId) {
    const municipality = await municipalityPlace(db, input.municipalityId)
    if (!municipality)
      errors.push({
        pointer: `${at}/municipalityId`,
        reason: 'unknown-reference',
        detail: 'no such municipality',
      })
    associationOfPlace = municipality?.associationId ?? null
  }
  if (input.associationId) {
    if (!(await associationExists(db, input.associationId)))
      errors.push({
        pointer: `${at}/associationId`,
        reason: 'unknown-reference',
        detail: 'no such association',
      })
    associationOfPlace = input.associationId
  }
  if (!hasRole(actor, 'admin')) {
    if (input.roles.some((role) => role !== 'learner'))
      errors.push({
        pointer: `${at}/roles`,
        reason: 'not-allowed',
        detail: 'coordinators may invite learners only',
      })
    if (!input.municipalityId && !input.associationId) {
      errors.push({
        pointer: `${at}/municipalityId`,
        reason: 'required',
        detail:
          'coordinators must place the person in their association or one of its municipalities',
      })
    } else if (errors.length === 0 && associationOfPlace !== actor.associationId) {
      errors.push({
        pointer: input.municipalityId ? `${at}/municipalityId` : `${at}/associationId`,
        reason: 'not-allowed',
        detail: 'is outside your association',
      })
    }
  }
  return errors
}

/** What an inviter may replace: admins every invitation, coordinators those they could have sent. */
export function scopeOf(actor: Actor): { associationId: string } | 'everything' {
  if (hasRole(actor, 'admin')) return 'everything'
  if (!actor.associationId)
    throw Problem.forbidden('Your account is not attached to an association.')
  return { associationId: actor.associationId }
}

/**
 * Records an invitation, replacing the pending ones for the address in the inviter's scope, and
 * queues its e-mail: the link, or for an address that has an account (`registered`) a notice to
 * sign in instead. Both cases do the same work, so the answer does not tell them apart.
 */
export async function insertInvitation(
  db: Db,
  ctx: InvitingContext,
  input: CreateInvitationBody,
  { inviterName, registered }: { inviterName: string; registered: boolean },
): Promise<Invitation> {
  const token = newSecret()
  const email = input.email.trim()
  const replaced = await revokePendingInvitations(db, email, scopeOf(ctx.actor))
  const row = await insertInvitationRow(db, {
    email,
    name: input.name.trim(),
    roles: [...new Set(input.roles)].sort(),
    municipalityId: input.municipalityId ?? null,
    associationId: input.associationId ?? null,
    position: input.position?.trim() || null,
    preferredLanguage: input.preferredLanguage ?? 'en',
    invitedBy: ctx.actor.id,
    tokenHash: hashSecret(token),
    expiresAt: new Date(Date.now() + invitationValidDays * 24 * 60 * 60 * 1000),
  })
  const language = input.preferredLanguage ?? 'en'
  const mail = registered
    ? composeMail('account-exists', language, input, `${ctx.origin}/login`, {
        inviter: inviterName,
        resetLink: `${ctx.origin}/password-reset`,
      })
    : composeMail('invitation', language, input, `${ctx.origin}/invitations/${token}`, {
        inviter: inviterName,
        validFor: '7d',
      })
  await enqueueMail(db, { to: email, ...mail })
  await recordAudit(db, {
    action: 'invitation.created',
    actorId: ctx.actor.id,
    subject: row.id,
    ip: ctx.ip,
    details: {
      email,
      roles: row.roles,
      ...(replaced.length > 0 ? { replaced } : {}),
      ...(registered ? { existingAccount: true } : {}),
    },
  })
  return toInvitation(row)
}

export const toInvitation = (row: {
  id: string
  email: string
  name: string
  roles: Role[]
  expiresAt: Date
  acceptedAt: Date | null
}): Invitation => ({
  id: row.id,
  email: row.email,
  name: row.name,
  roles: row.roles,
  expiresAt: new Date(row.expiresAt).toISOString(),
  acceptedAt: row.acceptedAt ? new Date(row.acceptedAt).toISOString() : null,
})

export async function inviterName(db: Db, actor: Actor): Promise<string> {
  return (await nameOf(db, actor.id)) ?? 'Agora'
}

/** Invites one person by e-mail; the link is valid for 7 days and works once. */
export async function invite(
  request: ServiceContext,
  origin: string,
  input: CreateInvitationBody,
): Promise<Invitation> {
  const ctx: InvitingContext = { ...request, origin }
  const errors = await placementProblems(ctx.db, ctx.actor, input, '/body')
  if (
    errors.some(
      (error) =>
        error.detail.includes('outside your association') ||
        error.detail.startsWith('coordinators'),
    )
  ) {
    throw new Problem(
      403,
      'forbidden',
      'Forbidden',
      errors.map((error) => error.detail).join('; '),
      { errors },
    )
  }
  if (errors.length > 0) throw Problem.validation(errors)
  // Admins see every account anyway, so they are told; a coordinator gets the same answer
  // whether or not the address has an account (the person is told by e-mail instead).
  const registered = await isRegistered(ctx.db, input.email)
  if (registered && hasRole(ctx.actor, 'admin')) {
    throw new Problem(
      409,
      'conflict',
      'Already a user',
      'Someone with this e-mail address has an account already.',
    )
  }
  const name = await inviterName(ctx.db, ctx.actor)
  return ctx.db
    .transaction()
    .execute((trx) => insertInvitation(trx, ctx, input, { inviterName: name, registered }))
}
