import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import type { PublicContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import {
  createAccount,
  hashSecret,
  isRegistered,
  type Session,
  type SignAccessToken,
  startSessionOf,
} from '../identity/service.ts'
import { lockInvitationsOfAddress, markAccepted } from './queries.ts'

/**
 * The pending invitation of a link, with every invitation of its address locked (see
 * lockInvitationsOfAddress). A link to an address that has an account meanwhile (another
 * invitation accepted, a registration) creates nothing and moves no one: the person signs in.
 */
async function findByToken(db: Db, token: string) {
  const tokenHash = hashSecret(token)
  const invitation = (await lockInvitationsOfAddress(db, tokenHash)).find(
    (row) => row.tokenHash === tokenHash,
  )
  if (!invitation || invitation.revokedAt)
    throw Problem.notFound('This invitation link is not valid.')
  if (invitation.acceptedAt)
    throw new Problem(
      410,
      'token-used',
      'Invitation already accepted',
      'This invitation has been used already; sign in instead.',
    )
  if (new Date(invitation.expiresAt) <= new Date())
    throw new Problem(
      410,
      'token-expired',
      'Invitation expired',
      'This invitation has expired; ask for a new one.',
    )
  if (await isRegistered(db, invitation.email))
    throw new Problem(
      409,
      'conflict',
      'Already a user',
      'Someone with this e-mail address has an account already; sign in instead.',
    )
  return invitation
}

export async function describeInvitation(db: Db, token: string) {
  const invitation = await findByToken(db, token)
  return {
    email: invitation.email,
    name: invitation.name,
    expiresAt: new Date(invitation.expiresAt).toISOString(),
  }
}

/** Accepting creates the account with the invited roles and place, and signs the person in. */
export async function acceptInvitation(
  ctx: PublicContext,
  sign: SignAccessToken,
  token: string,
  password: string,
): Promise<Session> {
  return ctx.db.transaction().execute(async (trx) => {
    const invitation = await findByToken(trx, token)
    const id = await createAccount(
      trx,
      {
        email: invitation.email,
        name: invitation.name,
        roles: invitation.roles,
        preferredLanguage: invitation.preferredLanguage,
        municipalityId: invitation.municipalityId,
        associationId: invitation.associationId,
        position: invitation.position,
      },
      password,
    )
    await markAccepted(trx, invitation.id, id)
    await recordAudit(trx, {
      action: 'invitation.accepted',
      actorId: id,
      subject: invitation.id,
      ip: ctx.ip,
    })
    return startSessionOf(trx, sign, id)
  })
}
