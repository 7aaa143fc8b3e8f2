import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { sql } from 'kysely'
import { buildTestApp, deliveredTo, it } from '../testing/app.ts'
import { bearer, createUser, refreshCookie } from '../testing/factories.ts'
import { linkIn, tokenOf } from '../testing/mail.ts'
import {
  addressDelaySeconds,
  clientDelaySeconds,
  freeFailures,
  notifyAfterFailures,
} from './lockout.ts'

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

  it(`slows one client down after ${freeFailures} failures, with Retry-After, while the owner elsewhere signs in`, async ({
    app,
  }) => {
    const user = await createUser(app)
    const attacker = '10.66.0.1'
    for (let attempt = 1; attempt < freeFailures; attempt++) {
      expect((await login(app, user.email, `wrong password ${attempt}`, attacker)).statusCode).toBe(
        401,
      )
    }
    const slowed = await login(app, user.email, 'wrong password again', attacker)
    expect(slowed.statusCode).toBe(429)
    expect(slowed.json()).toMatchObject({
      type: '/problems/login-throttled',
      scope: 'client',
      retryAfter: clientDelaySeconds(freeFailures),
    })
    expect(slowed.headers['retry-after']).toBe(String(clientDelaySeconds(freeFailures)))
    // The attacker's client waits, even with the right password...
    const waiting = await login(app, user.email, user.password, attacker)
    expect(waiting.statusCode).toBe(429)
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThan(0)
    // ...but the owner, from another client, is not held back at all.
    expect((await login(app, user.email, user.password, '10.1.2.3')).statusCode).toBe(200)

    // When the delay has passed, the right password works there too and its count starts again.
    await app.db
      .updateTable('loginThrottles')
      .set({ retryAt: new Date(Date.now() - 1000) })
      .execute()
    expect((await login(app, user.email, user.password, attacker)).statusCode).toBe(200)
    const rows = await app.db
      .selectFrom('loginThrottles')
      .select(['client', 'failures'])
      .where('emailKey', '=', user.email.toLowerCase())
      .execute()
    expect(rows).toEqual([{ client: '', failures: freeFailures }])

    const actions = await app.db
      .selectFrom('auditEvents')
      .select('action')
      .where((eb) =>
        eb.or([eb('actorId', '=', user.id), eb(sql`details->>'email'`, '=', user.email)]),
      )
      .orderBy('at')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      ...Array(freeFailures).fill('login.failed'),
      'login.locked',
      'login.succeeded',
      'login.succeeded',
    ])
  })

  it('grows the delay per client up to a minute, and brakes an address only far later', () => {
    expect([4, 5, 6, 7, 8, 9, 10, 30].map(clientDelaySeconds)).toEqual([0, 2, 4, 8, 16, 32, 60, 60])
    expect([99, 100, 101, 104, 500].map(addressDelaySeconds)).toEqual([0, 2, 4, 32, 300])
  })

  it('lets the owner with a live session in past the address brake; a reset link clears it', async ({
    app,
    mailbox,
  }) => {
    const user = await createUser(app)
    const session = await login(app, user.email, user.password, '10.2.0.1')
    // Many clients together have run into the address-wide brake.
    await app.db
      .insertInto('loginThrottles')
      .values({
        emailKey: user.email.toLowerCase(),
        client: '',
        failures: 150,
        retryAt: new Date(Date.now() + 300_000),
      })
      .onConflict((oc) =>
        oc.columns(['emailKey', 'client']).doUpdateSet({
          failures: 150,
          retryAt: new Date(Date.now() + 300_000),
        }),
      )
      .execute()
    const braked = await login(app, user.email, user.password, '10.2.0.2')
    expect(braked.statusCode).toBe(429)
    expect(braked.json()).toMatchObject({ type: '/problems/login-throttled', scope: 'address' })

    // A valid refresh cookie of the same person lets them in; someone else's does not.
    const other = await createUser(app)
    const otherSession = await login(app, other.email, other.password, '10.2.0.3')
    const withOthers = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
      headers: { cookie: refreshCookie(otherSession) },
      remoteAddress: '10.2.0.2',
    })
    expect(withOthers.statusCode).toBe(429)
    const withOwn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
      headers: { cookie: refreshCookie(session) },
      remoteAddress: '10.2.0.2',
    })
    expect(withOwn.statusCode).toBe(200)

    // A password reset clears every throttle of the address.
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: user.email },
    })
    const token = tokenOf(linkIn(await deliveredTo(app, mailbox, user.email), '/password-reset/'))
    const reset = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'a fresh passphrase now' },
    })
    expect(reset.statusCode).toBe(204)
    expect(
      await app.db
        .selectFrom('loginThrottles')
        .select('client')
        .where('emailKey', '=', user.email.toLowerCase())
        .execute(),
    ).toEqual([])
    expect((await login(app, user.email, 'a fresh passphrase now', '10.2.0.2')).statusCode).toBe(
      200,
    )
  })

  it(`tells the account holder by e-mail at the ${notifyAfterFailures}th failure, once a day`, async ({
    app,
    mailbox,
  }) => {
    const user = await createUser(app)
    const failFrom = async (count: number, prefix: string) => {
      for (let attempt = 0; attempt < count; attempt++)
        await login(app, user.email, 'not the password', `${prefix}.${attempt}`)
    }
    await failFrom(notifyAfterFailures - 1, '10.3.0')
    await app.outbox.flush()
    expect(mailbox.to(user.email)).toEqual([])
    await failFrom(1, '10.3.1')
    const mail = await deliveredTo(app, mailbox, user.email)
    expect(mail?.subject).toBe('Failed sign-ins to your Agora account')
    expect(linkIn(mail, '/password-reset')).toMatch(/\/password-reset$/)
    await failFrom(notifyAfterFailures, '10.3.2')
    await app.outbox.flush()
    expect(mailbox.to(user.email)).toHaveLength(1)
    // An unknown address gets its failures counted and no mail is queued for anyone.
    const queued = await app.db.selectFrom('outboxMessages').select('id').execute()
    for (let attempt = 0; attempt < notifyAfterFailures; attempt++)
      await login(app, 'nobody-at-all@example.org', 'not the password', `10.3.3.${attempt}`)
    expect(await app.db.selectFrom('outboxMessages').select('id').execute()).toHaveLength(
      queued.length,
    )
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

    const proxied = await buildTestApp({ TRUST_PROXY: '10.0.0.0/8' })
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
