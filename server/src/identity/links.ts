import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import type { PublicContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { composeMail, enqueueMail } from '../mail/service.ts'
import { clearFailures } from './lockout.ts'
import { assertPassword, hashPassword } from './passwords.ts'
import {
  adminExists,
  claimPasswordResetRequests,
  countRecentResetLinks,
  findUserByEmail,
  findUserById,
  findUserToken,
  insertPasswordResetRequest,
  insertUser,
  insertUserToken,
  lockUserToken,
  markEmailVerified,
  markUserTokenUsed,
  replaceRoles,
  retireResetLinks,
  retireUserTokens,
  updatePasswordHash,
} from './queries.ts'
import { hashSecret, newSecret } from './secrets.ts'
import { revokeAllSessions, type Session, startSession } from './sessions.ts'
import type { IdentitySettings } from './sign-in.ts'

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

/**
 * Takes a reset asked for by address and answers at once: one stored row whether or not the
 * address has an account, so the answer takes the same time; the outbox worker resolves it.
 */
export async function requestPasswordReset(ctx: PublicContext, email: string): Promise<void> {
  await insertPasswordResetRequest(ctx.db, { email: email.trim(), ip: ctx.ip })
}

/** Reset links one address is sent in an hour at most; further requests get no mail. */
export const resetLinksPerHour = 3
const resolveBatch = 20

/**
 * Resolves stored reset requests (the outbox worker's first step): a one-hour link by e-mail for
 * an address with an account, within the hourly limit; nothing otherwise.
 */
export async function resolvePasswordResetRequests(
  db: Db,
  settings: IdentitySettings,
): Promise<number> {
  let resolved = 0
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const requests = await claimPasswordResetRequests(trx, resolveBatch)
      for (const request of requests) await sendResetLink(trx, settings, request)
      return requests.length
    })
    resolved += claimed
    if (claimed < resolveBatch) return resolved
  }
}

async function sendResetLink(
  db: Db,
  settings: IdentitySettings,
  request: { email: string; ip: string },
): Promise<void> {
  const user = await findUserByEmail(db, request.email)
  if (!user) return
  if ((await countRecentResetLinks(db, user.id, 1)) >= resetLinksPerHour) return
  const token = await issueUserToken(db, 'password-reset', user.id, 60 * 60)
  const mail = composeMail(
    'password-reset',
    user.preferredLanguage,
    user,
    `${settings.origin}/password-reset/${token}`,
    { validFor: '1h' },
  )
  await enqueueMail(db, { to: user.email, ...mail })
  await recordAudit(db, {
    action: 'password.reset-requested',
    actorId: user.id,
    subject: user.id,
    ip: request.ip,
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
    assertPassword(password, user)
    await updatePasswordHash(trx, user.id, await hashPassword(password))
    await retireResetLinks(trx, user.id)
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
  assertPassword(input.password, input)
  // Hashed first, whether or not the address is taken: the hash is the slow step, and answering
  // sooner for a taken address would tell who has an account.
  const passwordHash = await hashPassword(input.password)
  // An existing address gets no new account and no hint, so this cannot probe for accounts.
  if (await findUserByEmail(ctx.db, input.email)) return
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      const id = await insertUser(trx, {
        email: input.email.trim(),
        name: input.name.trim(),
        preferredLanguage: input.preferredLanguage ?? 'en',
        passwordHash,
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
    .catch((error: unknown) => {
      // Registered by a request at the same moment (the unique index on lower(email)): the same.
      if ((error as { code?: string }).code !== '23505') throw error
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
  assertPassword(input.password, input)
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
