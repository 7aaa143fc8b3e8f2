import type { Transaction } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import type { Database, Role } from '../db/schema.ts'
import type { Actor } from '../http/auth.ts'
import type { PublicContext, ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { composeMail, enqueueMail } from '../mail/service.ts'
import { clearFailures, lockedProblem, recordFailure, secondsLocked } from './lockout.ts'
import { hashPassword, passwordProblems, verifyPassword } from './passwords.ts'
import {
  adminExists,
  findUserByEmail,
  findPreferredLanguage,
  findUserById,
  findUserToken,
  hasStoredRole,
  insertUser,
  insertUserToken,
  lockUserToken,
  markEmailVerified,
  markUserTokenUsed,
  retireUserTokens,
  revokeOtherSessions,
  updatePasswordHash,
  updateProfile,
  moveUsersToMunicipality,
  replaceRoles,
} from './queries.ts'
import type { User } from './schemas.ts'
import { hashSecret, newSecret } from './secrets.ts'
import {
  endSession,
  revokeAllSessions,
  type Session,
  type SignAccessToken,
  startSession,
} from './sessions.ts'
import { toUser } from './user-view.ts'

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

async function issueUserToken(
  db: Db,
  purpose: 'password-reset' | 'email-verification' | 'setup',
  userId: string | null,
  ttlSeconds: number,
) {
  const token = newSecret()
  await insertUserToken(db, {
    purpose,
    userId,
    tokenHash: hashSecret(token),
    expiresAt: new Date(Date.now() + ttlSeconds * 1000),
  })
  return token
}

/** Claims a one-time token: unknown → 404, used → 410, expired → 410. */
async function claimUserToken(
  db: Db,
  purpose: 'password-reset' | 'email-verification' | 'setup',
  token: string,
) {
  const row = await lockUserToken(db, purpose, hashSecret(token))
  if (!row) throw Problem.notFound('This link is not valid.')
  if (row.usedAt)
    throw new Problem(410, 'token-used', 'Link already used', 'This link has been used already.')
  if (new Date(row.expiresAt) <= new Date())
    throw new Problem(
      410,
      'token-expired',
      'Link expired',
      'This link has expired; ask for a new one.',
    )
  await markUserTokenUsed(db, row.id)
  return row
}

function checkPassword(
  password: string,
  person: { email: string; name: string },
  pointer = '/body/password',
): void {
  const problems = passwordProblems(password, person, pointer)
  if (problems.length > 0)
    throw Problem.validation(problems, 'The password does not meet the rule.')
}

/** Sends a reset link when the address belongs to an account; answers the same either way. */
export async function requestPasswordReset(
  ctx: PublicContext,
  settings: IdentitySettings,
  email: string,
): Promise<void> {
  const user = await findUserByEmail(ctx.db, email)
  if (!user) return
  await ctx.db.transaction().execute(async (trx) => {
    const token = await issueUserToken(trx, 'password-reset', user.id, 60 * 60)
    const mail = composeMail(
      'password-reset',
      user.preferredLanguage,
      user,
      `${settings.origin}/password-reset/${token}`,
      { validFor: '1h' },
    )
    await enqueueMail(trx, { to: user.email, ...mail })
    await recordAudit(trx, {
      action: 'password.reset-requested',
      actorId: user.id,
      subject: user.id,
      ip: ctx.ip,
    })
  })
}

/** Sets a new password from a reset link and ends every session of the account. */
export async function confirmPasswordReset(
  ctx: PublicContext,
  token: string,
  password: string,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await claimUserToken(trx, 'password-reset', token)
    const user = row.userId ? await findUserById(trx, row.userId) : undefined
    if (!user || user.erasedAt) throw Problem.notFound('This link is not valid.')
    checkPassword(password, user)
    await updatePasswordHash(trx, user.id, await hashPassword(password))
    await revokeAllSessions(trx, user.id)
    await clearFailures(trx, user.email)
    await recordAudit(trx, {
      action: 'password.changed',
      actorId: user.id,
      subject: user.id,
      ip: ctx.ip,
      details: { via: 'reset' },
    })
  })
}

/** Self-registration of a learner (when enabled): the account works once the e-mail is confirmed. */
export async function register(
  ctx: PublicContext,
  settings: IdentitySettings,
  input: { email: string; name: string; password: string; preferredLanguage?: string },
): Promise<void> {
  if (!settings.selfRegistration) throw Problem.notFound('Self-registration is not enabled.')
  checkPassword(input.password, input)
  // An existing address gets no new account and no hint, so this cannot probe for accounts.
  if (await findUserByEmail(ctx.db, input.email)) return
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, {
      email: input.email.trim(),
      name: input.name.trim(),
      preferredLanguage: input.preferredLanguage ?? 'en',
      passwordHash: await hashPassword(input.password),
    })
    await replaceRoles(trx, id, ['learner'])
    const token = await issueUserToken(trx, 'email-verification', id, 24 * 60 * 60)
    const mail = composeMail(
      'email-verification',
      input.preferredLanguage ?? 'en',
      input,
      `${settings.origin}/verify-email/${token}`,
      { validFor: '24h' },
    )
    await enqueueMail(trx, { to: input.email.trim(), ...mail })
    await recordAudit(trx, { action: 'user.registered', actorId: id, subject: id, ip: ctx.ip })
  })
}

export async function verifyEmail(
  ctx: PublicContext,
  settings: IdentitySettings,
  token: string,
): Promise<Session> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await claimUserToken(trx, 'email-verification', token)
    await markEmailVerified(trx, row.userId!)
    const user = await findUserById(trx, row.userId!)
    if (!user || user.erasedAt) throw Problem.notFound('This link is not valid.')
    return startSession(trx, settings.sign, user)
  })
}

/** While no administrator exists, the path of a fresh one-time setup link (older ones stop working). */
export async function issueSetupLink(db: Db): Promise<string | null> {
  if (await adminExists(db)) return null
  return db.transaction().execute(async (trx) => {
    await retireUserTokens(trx, 'setup')
    const token = await issueUserToken(trx, 'setup', null, 24 * 60 * 60)
    return `/setup/${token}`
  })
}

export async function checkSetupToken(db: Db, token: string): Promise<void> {
  const row = await findUserToken(db, 'setup', hashSecret(token))
  if (!row || row.usedAt || new Date(row.expiresAt) <= new Date() || (await adminExists(db))) {
    throw Problem.notFound(
      'This setup link is not valid (it was used, replaced by a newer one, or has expired).',
    )
  }
}

/** Creates the first administrator from the setup link printed at start. */
export async function completeSetup(
  ctx: PublicContext,
  settings: IdentitySettings,
  token: string,
  input: { email: string; name: string; password: string },
): Promise<Session> {
  checkPassword(input.password, input)
  return ctx.db.transaction().execute(async (trx) => {
    await claimUserToken(trx, 'setup', token)
    if (await adminExists(trx)) throw Problem.notFound('An administrator exists already.')
    if (await findUserByEmail(trx, input.email))
      throw new Problem(
        409,
        'conflict',
        'E-mail address in use',
        'Another account uses this e-mail address.',
      )
    const id = await insertUser(trx, {
      email: input.email.trim(),
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      emailVerifiedAt: new Date(),
    })
    await replaceRoles(trx, id, ['admin'])
    await recordAudit(trx, { action: 'setup.completed', actorId: id, subject: id, ip: ctx.ip })
    return startSession(trx, settings.sign, (await findUserById(trx, id))!)
  })
}

export async function getMe(db: Db, actor: Actor): Promise<User> {
  const user = await findUserById(db, actor.id)
  if (!user || user.erasedAt)
    throw new Problem(
      401,
      'unauthorized',
      'Authentication required',
      'This account no longer exists.',
    )
  return toUser(user)
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export async function updateMe(
  db: Db,
  actor: Actor,
  changes: {
    name?: string
    preferredLanguage?: string
    timeZone?: string
    position?: string | null
  },
): Promise<User> {
  if (changes.timeZone !== undefined && !isTimeZone(changes.timeZone)) {
    throw Problem.validation([
      {
        pointer: '/body/timeZone',
        reason: 'not-allowed',
        detail: 'is not a known time zone (use an IANA name such as Europe/Belgrade)',
      },
    ])
  }
  await updateProfile(db, actor.id, {
    ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
    ...(changes.preferredLanguage !== undefined
      ? { preferredLanguage: changes.preferredLanguage }
      : {}),
    ...(changes.timeZone !== undefined ? { timeZone: changes.timeZone } : {}),
    ...(changes.position !== undefined ? { position: changes.position?.trim() || null } : {}),
  })
  return getMe(db, actor)
}

/** Changes the password after checking the current one; other sessions are signed out. */
export async function changePassword(
  ctx: ServiceContext,
  current: string,
  next: string,
  keepFamily: string | null,
): Promise<void> {
  const user = await findUserById(ctx.db, ctx.actor.id)
  if (!user || !(await verifyPassword(user.passwordHash, current))) {
    throw new Problem(
      401,
      'invalid-credentials',
      'Wrong password',
      'The current password is not right.',
    )
  }
  checkPassword(next, user, '/body/newPassword')
  await ctx.db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, user.id, await hashPassword(next))
    await revokeOtherSessions(trx, user.id, keepFamily)
    await recordAudit(trx, {
      action: 'password.changed',
      actorId: user.id,
      subject: user.id,
      ip: ctx.ip,
    })
  })
}

/** The language a person reads in, as they chose it; undefined for an unknown id. */
export async function preferredLanguageOf(db: Db, userId: string): Promise<string | undefined> {
  return findPreferredLanguage(db, userId)
}

export { hashSecret, newSecret } from './secrets.ts'
export { sendSession, type Session, type SignAccessToken } from './sessions.ts'
export { SessionSchema } from './schemas.ts'

/** Whether a live account uses this e-mail address. */
export async function isRegistered(db: Db, email: string): Promise<boolean> {
  return (await findUserByEmail(db, email)) !== undefined
}

/** A person's name, for mail that names them ("… invited you"). */
export async function nameOf(db: Db, userId: string): Promise<string | undefined> {
  return (await findUserById(db, userId))?.name
}

/**
 * Creates a confirmed account with its roles and place (an accepted invitation), in the caller's
 * transaction: the password must meet the rule and the address must be free.
 */
export async function createAccount(
  trx: Transaction<Database>,
  person: {
    email: string
    name: string
    roles: Role[]
    preferredLanguage: string
    municipalityId: string | null
    associationId: string | null
    position: string | null
  },
  password: string,
): Promise<string> {
  checkPassword(password, person)
  if (await findUserByEmail(trx, person.email)) {
    throw new Problem(
      409,
      'conflict',
      'Already a user',
      'Someone with this e-mail address has an account already; sign in instead.',
    )
  }
  const { roles, ...fields } = person
  const id = await insertUser(trx, {
    ...fields,
    passwordHash: await hashPassword(password),
    emailVerifiedAt: new Date(),
  })
  await replaceRoles(trx, id, roles)
  return id
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

/** Whether the person holds the trainer role (course assignments need it). */
export async function isTrainer(db: Db, userId: string): Promise<boolean> {
  return hasStoredRole(db, userId, 'trainer')
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

/** Ends the session of a refresh token, if it is one; audited. */
export async function signOut(ctx: PublicContext, refreshToken: string | undefined): Promise<void> {
  const userId = await endSession(ctx.db, refreshToken)
  if (userId)
    await recordAudit(ctx.db, { action: 'logout', actorId: userId, subject: userId, ip: ctx.ip })
}

/** The people of a municipality move to another (a merge of duplicates); returns how many. */
export async function moveMembers(db: Db, fromId: string, toId: string): Promise<number> {
  return moveUsersToMunicipality(db, fromId, toId)
}
