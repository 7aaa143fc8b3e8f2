import type { Transaction } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import type { Database } from '../db/schema.ts'
import type { PublicContext, ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { composeMail, enqueueMail } from '../mail/service.ts'
import {
  clearClientFailures,
  recordFailure,
  throttledProblem,
  waitBeforeSignIn,
} from './lockout.ts'
import { verifyPassword } from './passwords.ts'
import {
  findLiveRefreshTokenUser,
  findUserByEmail,
  findUserById,
  type UserRecord,
} from './queries.ts'
import { hashSecret } from './secrets.ts'
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

/** Whether the request carries a live refresh token of this person (they are signed in here). */
async function signedInHere(db: Db, userId: string, refreshToken: string | undefined) {
  if (!refreshToken) return false
  return (await findLiveRefreshTokenUser(db, hashSecret(refreshToken))) === userId
}

/**
 * Signs in with e-mail and password. Repeated failures slow the client down, never lock the
 * address: a person signed in here (a live refresh cookie of theirs) is never held back, and the
 * holder hears about repeated failures by e-mail.
 */
export async function login(
  ctx: PublicContext,
  settings: IdentitySettings,
  credentials: { email: string; password: string; refreshToken?: string },
): Promise<Session> {
  const { db, ip } = ctx
  const { email, password } = credentials
  const user = await findUserByEmail(db, email)
  const trusted = user !== undefined && (await signedInHere(db, user.id, credentials.refreshToken))
  const wait = trusted ? undefined : await waitBeforeSignIn(db, email, ip)
  if (wait) {
    await recordAudit(db, { action: 'login.locked', ip, details: { email } })
    throw throttledProblem(wait)
  }
  if (!(await verifyPassword(user?.passwordHash ?? null, password))) {
    const earned = await db.transaction().execute(async (trx) => {
      await recordAudit(trx, { action: 'login.failed', actorId: user?.id, ip, details: { email } })
      const failure = await recordFailure(trx, email, ip)
      if (failure.notify && user) await tellOfFailures(trx, settings, user)
      return failure.wait
    })
    throw earned && !trusted ? throttledProblem(earned) : invalidCredentials()
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
    await clearClientFailures(trx, email, ip)
    await recordAudit(trx, { action: 'login.succeeded', actorId: user!.id, subject: user!.id, ip })
    return startSession(trx, settings.sign, user!)
  })
}

/** Queues the e-mail that tells a person of repeated failed sign-ins, with the way to a reset. */
async function tellOfFailures(db: Db, settings: IdentitySettings, user: UserRecord) {
  const mail = composeMail(
    'sign-in-failures',
    user.preferredLanguage,
    user,
    `${settings.origin}/password-reset`,
    {},
  )
  await enqueueMail(db, { to: user.email, ...mail })
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
  await ctx.db.transaction().execute(async (trx) => {
    const userId = await endSession(trx, refreshToken)
    if (userId)
      await recordAudit(trx, { action: 'logout', actorId: userId, subject: userId, ip: ctx.ip })
  })
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
