import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { buildTestApp, it } from '../testing/app.ts'
import { bearer, createUser, refreshCookie } from '../testing/factories.ts'
import { failuresBeforeLock, lockSeconds } from './lockout.ts'

const login = (app: FastifyInstance, email: string, password: string, ip = '10.1.1.1') =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  })

describe('POST /api/v1/auth/login', () => {
  it('signs in case-insensitively: access token in the body, refresh token only as an httpOnly cookie', async ({
    app,
  }) => {
    const user = await createUser(app, { roles: ['learner', 'trainer'], association: 'skgo' })
    const response = await login(app, user.email.toUpperCase(), user.password)
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body).toMatchObject({
      expiresIn: 900,
      user: {
        id: user.id,
        email: user.email,
        roles: ['learner', 'trainer'],
        association: { slug: 'skgo' },
      },
    })
    expect(body).not.toHaveProperty('refreshToken')
    const cookie = response.cookies.find((c) => c.name === 'agora_refresh')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(cookie!.value.length).toBeGreaterThanOrEqual(40)
    const claims = app.jwt.decode<{
      sub: string
      roles: string[]
      assoc: string
      exp: number
      iat: number
    }>(body.accessToken)!
    expect(claims).toMatchObject({
      sub: user.id,
      roles: ['learner', 'trainer'],
      assoc: user.associationId,
    })
    expect(claims.exp - claims.iat).toBe(900)
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: bearer(body.accessToken),
    })
    expect(me.json().email).toBe(user.email)
    // Only the hash of the refresh token is stored.
    const stored = await app.db
      .selectFrom('refreshTokens')
      .select('tokenHash')
      .where('userId', '=', user.id)
      .execute()
    expect(stored).toHaveLength(1)
    expect(stored[0]!.tokenHash).not.toContain(cookie!.value)
  })

  it('refuses a wrong password and an unknown address with the same answer', async ({ app }) => {
    const user = await createUser(app)
    const wrong = await login(app, user.email, 'not the password at all')
    const unknown = await login(app, 'nobody-here@example.org', 'not the password at all')
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401)
      expect(response.json()).toMatchObject({
        type: '/problems/invalid-credentials',
        title: 'Wrong e-mail or password',
      })
      expect(response.cookies).toEqual([])
    }
  })

  it('rejects malformed bodies with field errors', async ({ app }) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'not-an-email', extra: true },
    })
    expect(response.statusCode).toBe(400)
    expect(
      response
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(['/body/email', '/body/extra', '/body/password'])
  })

  it(`locks the address after ${failuresBeforeLock} failures, with Retry-After, even for the right password`, async ({
    app,
  }) => {
    const user = await createUser(app)
    for (let attempt = 1; attempt < failuresBeforeLock; attempt++) {
      expect((await login(app, user.email, `wrong password ${attempt}`)).statusCode).toBe(401)
    }
    const locking = await login(app, user.email, 'wrong password again')
    expect(locking.statusCode).toBe(429)
    expect(locking.json()).toMatchObject({ type: '/problems/locked', retryAfter: 60 })
    expect(locking.headers['retry-after']).toBe('60')

    const right = await login(app, user.email, user.password)
    expect(right.statusCode).toBe(429)
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(right.headers['retry-after'])).toBeLessThanOrEqual(60)

    // When the lock has passed, the right password works and the count starts again.
    await app.db
      .updateTable('loginThrottles')
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .execute()
    expect((await login(app, user.email, user.password)).statusCode).toBe(200)
    expect(
      await app.db
        .selectFrom('loginThrottles')
        .selectAll()
        .where('emailKey', '=', user.email.toLowerCase())
        .execute(),
    ).toEqual([])

    const actions = await app.db
      .selectFrom('auditEvents')
      .select('action')
      .where('actorId', '=', user.id)
      .orderBy('at')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      ...Array(failuresBeforeLock).fill('login.failed'),
      'login.succeeded',
    ])
  })

  it('doubles the lock with every further failure, up to an hour', () => {
    expect([4, 5, 6, 7, 11, 12, 30].map(lockSeconds)).toEqual([0, 60, 120, 240, 3600, 3600, 3600])
  })

  it('refuses an account whose e-mail is not confirmed yet', async ({ app }) => {
    const user = await createUser(app, { verified: false })
    const response = await login(app, user.email, user.password)
    expect(response.statusCode).toBe(403)
    expect(response.json().type).toBe('/problems/email-unverified')
  })

  it('rate-limits sign-in attempts per client address', async ({ app }) => {
    const statuses: number[] = []
    for (let attempt = 0; attempt < 21; attempt++) {
      statuses.push(
        (await login(app, `someone${attempt}@example.org`, 'whatever password', '10.9.9.9'))
          .statusCode,
      )
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true)
    const limited = await login(app, 'another@example.org', 'whatever password', '10.9.9.9')
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ type: '/problems/rate-limited' })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    // Another address is not affected.
    expect(
      (await login(app, 'another@example.org', 'whatever password', '10.9.9.8')).statusCode,
    ).toBe(401)
  })
})

describe('sessions', () => {
  it('rotates the refresh token on every use', async ({ app }) => {
    const user = await createUser(app)
    const first = await login(app, user.email, user.password)
    const refreshed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: refreshCookie(first) },
    })
    expect(refreshed.statusCode).toBe(200)
    expect(refreshed.json().user.id).toBe(user.id)
    expect(refreshCookie(refreshed)).not.toBe(refreshCookie(first))
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: refreshCookie(refreshed) },
    })
    expect(again.statusCode).toBe(200)
  })

  it('revokes the whole family when an old refresh token is presented again', async ({ app }) => {
    const user = await createUser(app)
    const first = await login(app, user.email, user.password)
    const second = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: refreshCookie(first) },
    })
    const replay = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: refreshCookie(first) },
    })
    expect(replay.statusCode).toBe(401)
    // The legitimate holder's newer token is dead too: both must sign in again.
    const legit = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: refreshCookie(second) },
    })
    expect(legit.statusCode).toBe(401)
    const audit = await app.db
      .selectFrom('auditEvents')
      .select('action')
      .where('subject', '=', user.id)
      .where('action', '=', 'token.reuse-detected')
      .execute()
    expect(audit).toHaveLength(1)
    // Another session of the same user is not affected.
    const other = await login(app, user.email, user.password)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/refresh',
          headers: { cookie: refreshCookie(other) },
        })
      ).statusCode,
    ).toBe(200)
  })

  it('answers 401 without a cookie or with a forged one', async ({ app }) => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/refresh' })).statusCode).toBe(401)
    const forged = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: 'agora_refresh=forged-token-value' },
    })
    expect(forged.statusCode).toBe(401)
  })

  it('logout ends this session only; logout-everywhere ends them all', async ({ app }) => {
    const user = await createUser(app)
    const phone = await login(app, user.email, user.password)
    const laptop = await login(app, user.email, user.password)
    const tablet = await login(app, user.email, user.password)

    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: refreshCookie(phone) },
    })
    expect(out.statusCode).toBe(204)
    expect(out.cookies.find((c) => c.name === 'agora_refresh')?.value).toBe('')
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/refresh',
          headers: { cookie: refreshCookie(phone) },
        })
      ).statusCode,
    ).toBe(401)
    const laptopNext = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: refreshCookie(laptop) },
    })
    expect(laptopNext.statusCode).toBe(200)

    const everywhere = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-everywhere',
      headers: bearer(laptopNext.json().accessToken),
    })
    expect(everywhere.statusCode).toBe(204)
    for (const session of [laptopNext, tablet]) {
      expect(
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/auth/refresh',
            headers: { cookie: refreshCookie(session) },
          })
        ).statusCode,
      ).toBe(401)
    }
  })
})

describe('client address', () => {
  it('is the socket peer; behind a proxy (TRUST_PROXY) the one address the proxy added', async ({
    app,
  }) => {
    const lastFailure = async (instance: FastifyInstance) =>
      (
        await instance.db
          .selectFrom('auditEvents')
          .select('ip')
          .where('action', '=', 'login.failed')
          .orderBy('at', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow()
      ).ip
    const headers = { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' }
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@example.org', password: 'wrong' },
      headers,
      remoteAddress: '10.0.0.1',
    })
    expect(await lastFailure(app)).toBe('10.0.0.1')

    const proxied = await buildTestApp({ TRUST_PROXY: 'true' })
    try {
      await proxied.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'a@example.org', password: 'wrong' },
        headers,
        remoteAddress: '10.0.0.1',
      })
      expect(await lastFailure(proxied)).toBe('203.0.113.7')
    } finally {
      await proxied.close()
    }
  })
})
