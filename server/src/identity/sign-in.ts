import type { Transaction } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import type { Database } from '../db/schema.ts'
import type { PublicContext, ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { clearFailures, lockedProblem, recordFailure, secondsLocked } from './lockout.ts'
import { verifyPassword } from './passwords.ts'
import { findUserByEmail, findUserById } from './queries.ts'
import {
  endSession,
  revokeAllSessions,
  type Session,
  type SignAccessToken,
  startSession,
} from './sessions.ts'

/** What identity services need of the app, beyond the request's context. */
export interface IdentitySettings {
  sign: SignAccessToken
  /** The public origin that links in e-mail point to. */
  origin: string
  selfRegistration: boolean
}

const invalidCredentials = () =>
  new Problem(401, 'invalid-credentials', 'Wrong e-mail or password', 'Check both and try again.')

/** Signs in with e-mail and password; repeated failures lock the address with growing delays. */
export async function login(
  ctx: PublicContext,
  settings: IdentitySettings,
  email: string,
  password: string,
): Promise<Session> {
  const { db, ip } = ctx
  const locked = await secondsLocked(db, email)
  if (locked > 0) {
    await recordAudit(db, { action: 'login.locked', ip, details: { email } })
    throw lockedProblem(locked)
  }
  const user = await findUserByEmail(db, email)
  if (!(await verifyPassword(user?.passwordHash ?? null, password))) {
    const lockFor = await db.transaction().execute(async (trx) => {
      await recordAudit(trx, { action: 'login.failed', actorId: user?.id, ip, details: { email } })
      return recordFailure(trx, email)
    })
    throw lockFor > 0 ? lockedProblem(lockFor) : invalidCredentials()
  }
  if (!user!.emailVerifiedAt) {
    throw new Problem(
      403,
      'email-unverified',
      'E-mail address not confirmed',
      'Open the link we sent to your e-mail address first.',
    )
  }
  return db.transaction().execute(async (trx) => {
    await clearFailures(trx, email)
    await recordAudit(trx, { action: 'login.succeeded', actorId: user!.id, subject: user!.id, ip })
    return startSession(trx, settings.sign, user!)
  })
}

/** Signs a person in: a new refresh-token family and an access token. */
export async function startSessionOf(
  trx: Transaction<Database>,
  sign: SignAccessToken,
  userId: string,
): Promise<Session> {
  const user = await findUserById(trx, userId)
  if (!user) throw new Error(`user ${userId} is missing`)
  return startSession(trx, sign, user)
}

/** Ends the session of a refresh token, if it is one; audited. */
export async function signOut(ctx: PublicContext, refreshToken: string | undefined): Promise<void> {
  const userId = await endSession(ctx.db, refreshToken)
  if (userId)
    await recordAudit(ctx.db, { action: 'logout', actorId: userId, subject: userId, ip: ctx.ip })
}

/** Ends every session of the signed-in person; audited. */
export async function signOutEverywhere(ctx: ServiceContext): Promise<void> {
  const { actor } = ctx
  await ctx.db.transaction().execute(async (trx) => {
    await revokeAllSessions(trx, actor.id)
    await recordAudit(trx, {
      action: 'session.revoked-all',
      actorId: actor.id,
      subject: actor.id,
      ip: ctx.ip,
    })
  })
}
