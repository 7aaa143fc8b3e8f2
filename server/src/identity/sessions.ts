import { randomUUID } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import { publicOrigin } from '../config.ts'
import { type AccessTokenClaims, accessTokenTtlSeconds } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'
import { sessionEpochs } from '../http/session-epochs.ts'
import type { UserRecord } from './queries.ts'
import {
  bumpSessionEpoch,
  findRefreshToken,
  findUserById,
  insertRefreshToken,
  lockRefreshToken,
  markRefreshTokenUsed,
  revokeFamily,
  revokeRefreshTokens,
} from './queries.ts'
import type { User } from './schemas.ts'
import { hashSecret, newSecret } from './secrets.ts'
import { toUser } from './user-view.ts'

export const refreshCookieName = 'agora_refresh'
const refreshTtlSeconds = 30 * 24 * 60 * 60

export type SignAccessToken = (claims: AccessTokenClaims) => string

export interface Session {
  accessToken: string
  expiresIn: number
  user: User
  refreshToken: string
}

/** Opens a session (or continues a family on rotation): a new refresh token and an access token. */
export async function startSession(
  db: Db,
  sign: SignAccessToken,
  user: UserRecord,
  familyId: string = randomUUID(),
): Promise<Session> {
  const refreshToken = newSecret()
  await insertRefreshToken(db, {
    userId: user.id,
    familyId,
    tokenHash: hashSecret(refreshToken),
    expiresAt: new Date(Date.now() + refreshTtlSeconds * 1000),
  })
  const accessToken = sign({
    sub: user.id,
    roles: user.roles,
    assoc: user.associationId,
    sep: user.sessionEpoch,
  })
  return { accessToken, expiresIn: accessTokenTtlSeconds, user: toUser(user), refreshToken }
}

const sessionExpired = () => new Problem(401, 'unauthorized', 'Session expired', 'Sign in again.')

/**
 * Trades a refresh token for a new one in the same family. A token that was already traded in
 * means two parties hold it: the whole family is revoked and both must sign in again.
 */
export async function rotateSession(
  db: Db,
  sign: SignAccessToken,
  refreshToken: string | undefined,
  ip: string,
): Promise<Session> {
  if (!refreshToken) throw sessionExpired()
  return db
    .transaction()
    .execute(async (trx) => {
      const stored = await lockRefreshToken(trx, hashSecret(refreshToken))
      if (!stored || stored.revokedAt) throw sessionExpired()
      if (stored.usedAt) {
        await revokeFamily(trx, stored.familyId)
        // Whoever holds the family's newest access token may be the thief: it ends now too.
        await endAccessTokens(trx, stored.userId)
        await recordAudit(trx, {
          action: 'token.reuse-detected',
          actorId: stored.userId,
          subject: stored.userId,
          ip,
          details: { family: stored.familyId },
        })
        return null
      }
      if (new Date(stored.expiresAt) <= new Date()) throw sessionExpired()
      const user = await findUserById(trx, stored.userId)
      if (!user || user.erasedAt) throw sessionExpired()
      await markRefreshTokenUsed(trx, stored.id)
      return startSession(trx, sign, user, stored.familyId)
    })
    .then((session) => {
      // The revocation above must commit, so the refusal is thrown after the transaction.
      if (!session) throw sessionExpired()
      return session
    })
}

export { revokeFamily } from './queries.ts'

/**
 * Ends the person's access tokens from their next request on (a role change, an erasure, a
 * password change): their epoch moves on in the caller's transaction. This process forgets the
 * old epoch at once; other replicas within a second (http/session-epochs.ts).
 */
export async function endAccessTokens(db: Db, userId: string): Promise<void> {
  await bumpSessionEpoch(db, userId)
  sessionEpochs.changed(userId)
}

/** Ends every session of the person: refresh tokens revoked and access tokens refused. */
export async function revokeAllSessions(db: Db, userId: string): Promise<void> {
  await revokeRefreshTokens(db, userId)
  await endAccessTokens(db, userId)
}

/**
 * Ends the session the presented refresh token belongs to; unknown tokens are ignored. Its access
 * token ends with it: the epoch is per person, so the person's other sessions renew theirs with
 * one refresh, which the pages do by themselves.
 */
export async function endSession(db: Db, refreshToken: string | undefined): Promise<string | null> {
  if (!refreshToken) return null
  const stored = await findRefreshToken(db, hashSecret(refreshToken))
  if (!stored) return null
  await revokeFamily(db, stored.familyId)
  await endAccessTokens(db, stored.userId)
  return stored.userId
}

/**
 * Secure whenever the public origin is https, whatever the request looked like: behind a proxy
 * that ends TLS (or in-process, from the pages) the request itself arrives as plain http.
 */
function secureCookie(request: FastifyRequest): boolean {
  return request.protocol === 'https' || publicOrigin(request.server.config).startsWith('https:')
}

export function setRefreshCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
): void {
  reply.setCookie(refreshCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: secureCookie(request),
    maxAge: refreshTtlSeconds,
  })
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(refreshCookieName, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: secureCookie(request),
  })
}

/** Sends a session: the refresh token only as an httpOnly cookie, never in the body. */
export function sendSession(
  request: FastifyRequest,
  reply: FastifyReply,
  session: Session,
  status = 200,
) {
  setRefreshCookie(request, reply, session.refreshToken)
  const { refreshToken: _hidden, ...body } = session
  return reply.code(status).send(body)
}

export async function familyOf(db: Db, refreshToken: string | undefined): Promise<string | null> {
  if (!refreshToken) return null
  return (await findRefreshToken(db, hashSecret(refreshToken)))?.familyId ?? null
}
