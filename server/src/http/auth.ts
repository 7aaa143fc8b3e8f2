import jwt from '@fastify/jwt'
import { createVerifier } from 'fast-jwt'
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { Role } from '../db/schema.ts'
import { Lru } from '../lru.ts'
import { localSecret } from './local-secret.ts'
import { Problem } from './problem.ts'
import { type SessionEpochSource, sessionEpochs } from './session-epochs.ts'

export interface AccessTokenClaims {
  sub: string
  roles: Role[]
  /** The association the user acts for: their own, or their municipality's. Scopes coordinators. */
  assoc: string | null
  /**
   * The person's session epoch when the token was issued; a token of an older epoch is refused.
   * Tokens issued before epochs existed have none, which counts as the first epoch, 0.
   */
  sep?: number
}

/** Who is calling, as the services see it. */
export interface Actor {
  id: string
  roles: Role[]
  associationId: string | null
}

export function actorOf(request: FastifyRequest): Actor {
  const { sub, roles, assoc } = request.user
  return { id: sub, roles, associationId: assoc ?? null }
}

export const hasRole = (actor: Actor, ...roles: Role[]) =>
  actor.roles.some((role) => roles.includes(role))

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessTokenClaims
    user: AccessTokenClaims
  }
}

export const accessTokenTtlSeconds = 15 * 60

declare module 'fastify' {
  interface FastifyInstance {
    verifyAccessToken(token: string): AccessTokenClaims
    /** Reads people's current session epochs from the database (identity's, given at start). */
    sessionEpochsOf: SessionEpochSource
  }
}

export async function registerAuth(
  app: FastifyInstance,
  secret: string,
  sessionEpochsOf: SessionEpochSource,
): Promise<void> {
  await app.register(jwt, { secret, sign: { expiresIn: accessTokenTtlSeconds } })
  app.decorate('sessionEpochsOf', sessionEpochsOf)
  app.decorate(
    'verifyAccessToken',
    cachedVerifier(
      createVerifier({ key: secret, algorithms: ['HS256'] }) as (token: string) => VerifiedClaims,
    ),
  )
}

type VerifiedClaims = AccessTokenClaims & { exp: number }

/**
 * Every API call verifies a token, mostly the same few per learner: the verified claims are kept
 * until the token expires, so a repeat costs one map lookup instead of a decode and an HMAC. The
 * token itself is the key, so two tokens can never share an entry (fast-jwt's own cache hashes
 * each token first, which cost more than the lookup saved). Only HS256, as signed above.
 */
export function cachedVerifier(
  verify: (token: string) => VerifiedClaims,
  max = 10_000,
): (token: string) => AccessTokenClaims {
  const verified = new Lru<{ claims: AccessTokenClaims; expiresAt: number }>(max)
  return (token) => {
    const hit = verified.get(token)
    if (hit && hit.expiresAt > Date.now()) return hit.claims
    if (hit) verified.delete(token)
    const claims = verify(token)
    // Frozen: every request with this token gets the same object.
    const frozen = Object.freeze({ ...claims, roles: Object.freeze([...claims.roles]) as Role[] })
    verified.set(token, { claims: frozen, expiresAt: claims.exp * 1000 })
    return frozen
  }
}

const bearer = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/

function authenticate(request: FastifyRequest): AccessTokenClaims {
  try {
    const token = bearer.exec(request.headers.authorization ?? '')?.[1]
    if (!token) throw new Error('no bearer token')
    const claims = request.server.verifyAccessToken(token)
    request.user = claims
    return claims
  } catch {
    throw new Problem(
      401,
      'unauthorized',
      'Authentication required',
      'Send a valid access token as "Authorization: Bearer …".',
    )
  }
}

/**
 * The verdict on a verified token, given the person's current epoch: refused when their roles,
 * sessions or account changed since it was issued (401), or when it lacks every role (403).
 */
function admit(
  claims: AccessTokenClaims,
  currentEpoch: number | null,
  roles: readonly Role[],
): Problem | undefined {
  if (currentEpoch === null || currentEpoch !== (claims.sep ?? 0)) {
    return new Problem(
      401,
      'unauthorized',
      'Session ended',
      'This session has ended (roles, password or sign-in changed); refresh it or sign in again.',
    )
  }
  if (roles.length > 0 && !claims.roles.some((role) => roles.includes(role))) {
    return new Problem(
      403,
      'forbidden',
      'Forbidden',
      `This needs one of the roles: ${roles.join(', ')}.`,
    )
  }
  return undefined
}

/**
 * Route guard: the caller must be signed in, in their current session epoch, and hold at least
 * one of `roles` (none given: any role). Routes use it as their `onRequest` hook, before the body
 * is read and validated, so a stranger gets 401 (and the wrong role 403) without learning a
 * route's fields. A callback hook, not an async one: it runs on every API call, and answers at
 * once when the person's epoch was read in the last second; only then does it wait for a read.
 */
export function requireRole(...roles: Role[]): onRequestHookHandler {
  const guard: onRequestHookHandler = (request, _reply, done) => {
    let claims: AccessTokenClaims
    try {
      claims = authenticate(request)
    } catch (error) {
      return done(error as Error)
    }
    const epoch = sessionEpochs.cached(claims.sub)
    if (epoch !== undefined) return done(admit(claims, epoch, roles))
    sessionEpochs.load(claims.sub, request.server.sessionEpochsOf).then(
      (current) => done(admit(claims, current, roles)),
      (error: Error) => done(error),
    )
  }
  guards.set(guard, roles)
  return guard
}

// The roles each guard asks for, so the OpenAPI document states a route's security from its guard.
const guards = new WeakMap<object, readonly Role[]>()

/** The roles of the `requireRole` guard among a route's `onRequest` hooks (none: a public route). */
export function guardOf(hooks: unknown): readonly Role[] | undefined {
  for (const hook of Array.isArray(hooks) ? hooks : [hooks]) {
    const roles = typeof hook === 'function' ? guards.get(hook) : undefined
    if (roles) return roles
  }
  return undefined
}

/** Without JWT_SECRET (allowed outside production), a secret kept beside the embedded database. */
export const localJwtSecret = (dataDir: string): string => localSecret(dataDir, 'jwt-secret')
