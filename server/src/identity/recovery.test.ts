import { DefaultQueryExecutor, sql } from 'kysely'
import { describe, expect, vi } from 'vitest'
import { buildTestApp, deliveredTo, it } from '../testing/app.ts'
import { bearer, createUser, refreshCookie } from '../testing/factories.ts'
import { linkIn, startMailbox, tokenOf } from '../testing/mail.ts'
import { issueSetupLink } from './service.ts'

describe('password reset', () => {
  it('mails a one-hour link; the new password works, the old one and every session stop working', async ({
    app,
    mailbox,
  }) => {
    const user = await createUser(app, { name: 'Petra Novak' })
    const session = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
    })
    const asked = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: user.email },
    })
    expect(asked.statusCode).toBe(202)
    const mail = await deliveredTo(app, mailbox, user.email)
    expect(mail?.subject).toBe('Reset your Agora password')
    const token = tokenOf(linkIn(mail, '/password-reset/'))
    const stored = await app.db
      .selectFrom('userTokens')
      .select(sql<number>`extract(epoch from expires_at - created_at)`.as('ttl'))
      .where('userId', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(Math.round(Number(stored.ttl))).toBe(3600)

    const weak = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'petra-novak-2026' },
    })
    expect(weak.statusCode).toBe(400)
    const done = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'a brand new passphrase' },
    })
    expect(done.statusCode).toBe(204)
    const reused = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'yet another passphrase' },
    })
    expect(reused.json().type).toBe('/problems/token-used')

    const oldPassword = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
    })
    expect(oldPassword.statusCode).toBe(401)
    const newPassword = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'a brand new passphrase' },
    })
    expect(newPassword.statusCode).toBe(200)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/refresh',
          headers: { cookie: refreshCookie(session) },
        })
      ).statusCode,
    ).toBe(401)
  })

  it('a reset with one link retires every other outstanding link of the person', async ({
    app,
    mailbox,
  }) => {
    const user = await createUser(app)
    const ask = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email: user.email },
      })
    await ask()
    const older = tokenOf(linkIn(await deliveredTo(app, mailbox, user.email), '/password-reset/'))
    await ask()
    const newer = tokenOf(linkIn(await deliveredTo(app, mailbox, user.email), '/password-reset/'))
    expect(newer).not.toBe(older)

    const confirm = (token: string, password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset/confirm',
        payload: { token, password },
      })
    expect((await confirm(newer, 'the newer link passphrase')).statusCode).toBe(204)
    const stale = await confirm(older, 'the older link passphrase')
    expect(stale.statusCode).toBe(410)
    expect(stale.json().type).toBe('/problems/token-used')
    const signIn = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password },
      })
    expect((await signIn('the older link passphrase')).statusCode).toBe(401)
    expect((await signIn('the newer link passphrase')).statusCode).toBe(200)
  })

  it('a password change retires every outstanding reset link', async ({ app, mailbox }) => {
    const user = await createUser(app)
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: user.email },
    })
    const token = tokenOf(linkIn(await deliveredTo(app, mailbox, user.email), '/password-reset/'))
    const session = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
    })
    const changed = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/password',
      headers: { ...bearer(session.json().accessToken), cookie: refreshCookie(session) },
      payload: { currentPassword: user.password, newPassword: 'a changed passphrase' },
    })
    expect(changed.statusCode).toBe(204)
    const stale = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'a passphrase from the old link' },
    })
    expect(stale.statusCode).toBe(410)
    expect(stale.json().type).toBe('/problems/token-used')
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: user.email, password: 'a changed passphrase' },
        })
      ).statusCode,
    ).toBe(200)
  })

  it('answers the same for an unknown address and sends nothing', async ({ app, mailbox }) => {
    const before = mailbox.messages.length
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: 'ghost@example.org' },
    })
    expect(response.statusCode).toBe(202)
    await app.outbox.flush()
    expect(mailbox.messages.length).toBe(before)
  })

  it('does the same database work before answering, whether or not the address has an account', async ({
    app,
    mailbox,
  }) => {
    const user = await createUser(app)
    const statementsOf = async (email: string, ip: string) => {
      const executor = vi.spyOn(
        Object.getPrototypeOf(DefaultQueryExecutor.prototype) as DefaultQueryExecutor,
        'executeQuery',
      )
      try {
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/password-reset',
          payload: { email },
          remoteAddress: ip,
        })
        expect(response.statusCode).toBe(202)
        return executor.mock.calls.map(([query]) => query.sql)
      } finally {
        executor.mockRestore()
      }
    }
    const known = await statementsOf(user.email, '10.4.0.1')
    const unknown = await statementsOf('nobody-by-that-name@example.org', '10.4.0.2')
    expect(known.length).toBeGreaterThan(0)
    expect(known).toEqual(unknown)
    // Neither looks the address up on the request path: the outbox worker does, after the answer.
    expect(known.join('\n')).not.toMatch(/\busers\b/)
    const mail = await deliveredTo(app, mailbox, user.email)
    expect(mail?.subject).toBe('Reset your Agora password')
  })

  it('sends at most three reset links an hour to one address, answering every request the same', async ({
    app,
    mailbox,
  }) => {
    const user = await createUser(app)
    const answers = []
    for (let request = 0; request < 5; request++) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email: request % 2 ? user.email.toUpperCase() : user.email },
        remoteAddress: `10.5.0.${request}`,
      })
      answers.push([response.statusCode, response.body])
    }
    expect(answers).toEqual(Array(5).fill(answers[0]))
    expect(answers[0]![0]).toBe(202)
    await app.outbox.flush()
    expect(mailbox.to(user.email)).toHaveLength(3)
    const links = await app.db
      .selectFrom('userTokens')
      .select('id')
      .where('userId', '=', user.id)
      .execute()
    expect(links).toHaveLength(3)
  })

  it('refuses an expired link', async ({ app, mailbox }) => {
    const user = await createUser(app)
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: user.email },
    })
    const token = tokenOf(linkIn(await deliveredTo(app, mailbox, user.email), '/password-reset/'))
    await app.db
      .updateTable('userTokens')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('userId', '=', user.id)
      .execute()
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'a brand new passphrase' },
    })
    expect(response.statusCode).toBe(410)
    expect(response.json().type).toBe('/problems/token-expired')
  })
})

describe('me', () => {
  it('shows and updates the profile, validating the time zone', async ({ app }) => {
    const user = await createUser(app, { municipality: { country: 'SE', name: 'Uppsala' } })
    const headers = bearer(
      app.jwt.sign({ sub: user.id, roles: user.roles, assoc: user.associationId }),
    )
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers })
    expect(me.json()).toMatchObject({
      id: user.id,
      timeZone: 'UTC',
      preferredLanguage: 'en',
      municipality: { name: 'Uppsala', countryCode: 'SE' },
      association: { slug: 'skr' },
    })
    const bad = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers,
      payload: { timeZone: 'Mars/Olympus' },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors).toEqual([
      {
        pointer: '/body/timeZone',
        reason: 'not-allowed',
        detail: 'is not a known time zone (use an IANA name such as Europe/Belgrade)',
      },
    ])
    const empty = await app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: {} })
    expect(empty.statusCode).toBe(400)
    const patched = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers,
      payload: {
        timeZone: 'Europe/Stockholm',
        preferredLanguage: 'sv',
        position: 'Utvecklingsledare',
        name: 'New Name',
      },
    })
    expect(patched.json()).toMatchObject({
      timeZone: 'Europe/Stockholm',
      preferredLanguage: 'sv',
      position: 'Utvecklingsledare',
      name: 'New Name',
    })
  })

  it('changes the password after checking the current one, ending other sessions', async ({
    app,
  }) => {
    const user = await createUser(app)
    const here = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
    })
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
    })
    const headers = { ...bearer(here.json().accessToken), cookie: refreshCookie(here) }
    const wrong = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/password',
      headers,
      payload: { currentPassword: 'not it at all', newPassword: 'a different passphrase' },
    })
    expect(wrong.statusCode).toBe(401)
    const changed = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/password',
      headers,
      payload: { currentPassword: user.password, newPassword: 'a different passphrase' },
    })
    expect(changed.statusCode).toBe(204)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/refresh',
          headers: { cookie: refreshCookie(here) },
        })
      ).statusCode,
    ).toBe(200)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/refresh',
          headers: { cookie: refreshCookie(elsewhere) },
        })
      ).statusCode,
    ).toBe(401)
  })

  it('exports everything about the user as a JSON download', async ({ app }) => {
    const user = await createUser(app)
    const session = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
    })
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/me/data',
      headers: bearer(session.json().accessToken),
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="agora-my-data.json"',
    )
    const data = response.json()
    expect(data.profile).toMatchObject({ id: user.id, email: user.email, name: user.name })
    expect(data.sessions).toHaveLength(1)
    expect(data.activity.map((event: { action: string }) => event.action)).toContain(
      'login.succeeded',
    )
    expect(JSON.stringify(data)).not.toMatch(/passwordHash|tokenHash|argon2/)
  })
})

describe('self-registration', () => {
  it('is off by default', async ({ app }) => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/registration' })).json()).toEqual({
      enabled: false,
    })
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'new@example.org', name: 'New Person', password: 'a long passphrase here' },
    })
    expect(response.statusCode).toBe(404)
    expect(
      await app.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'new@example.org')
        .execute(),
    ).toEqual([])
  })

  it('when enabled, creates a learner who can sign in once the e-mail is confirmed', async () => {
    const mailbox = await startMailbox()
    const app = await buildTestApp({ SMTP_URL: mailbox.url, SELF_REGISTRATION: 'true' })
    try {
      const payload = {
        email: 'Self.Starter@example.org',
        name: 'Self Starter',
        password: 'a long passphrase here',
        preferredLanguage: 'sr-Latn',
      }
      expect(
        (await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload })).statusCode,
      ).toBe(202)
      const early = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: payload.email, password: payload.password },
      })
      expect(early.json().type).toBe('/problems/email-unverified')
      const mail = await deliveredTo(app, mailbox, 'self.starter@example.org')
      expect(mail?.subject).toBe('Potvrdite e-adresu za Agoru')
      const verified = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/verify-email',
        payload: { token: tokenOf(linkIn(mail, '/verify-email/')) },
      })
      expect(verified.statusCode).toBe(200)
      expect(verified.json().user).toMatchObject({
        roles: ['learner'],
        preferredLanguage: 'sr-Latn',
      })
      // Registering an address that exists answers the same and changes nothing.
      expect(
        (await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload })).statusCode,
      ).toBe(202)
      expect(
        await app.db
          .selectFrom('users')
          .select('id')
          .where(sql`lower(email)`, '=', 'self.starter@example.org')
          .execute(),
      ).toHaveLength(1)
    } finally {
      await app.close()
      await mailbox.close()
    }
  })
})

describe('self-registration at the same moment', () => {
  it('creates one account for two requests with one address in two cases, and answers both alike', async () => {
    const app = await buildTestApp({ SELF_REGISTRATION: 'true' })
    try {
      const payload = (email: string) => ({
        email,
        name: 'Twice Over',
        password: 'a long passphrase here',
      })
      const answers = await Promise.all(
        ['twice@example.org', 'TWICE@example.org', 'Twice@Example.org'].map((email) =>
          app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: payload(email) }),
        ),
      )
      expect(answers.map((answer) => answer.statusCode)).toEqual([202, 202, 202])
      expect(
        await app.db
          .selectFrom('users')
          .select('id')
          .where(sql`lower(email)`, '=', 'twice@example.org')
          .execute(),
      ).toHaveLength(1)
    } finally {
      await app.close()
    }
  })
})

describe('first start', () => {
  it('offers a one-time setup link while no administrator exists', async ({ app }) => {
    const link = await issueSetupLink(app.db)
    expect(link).toMatch(/^\/setup\/[\w-]{43}$/)
    const newer = await issueSetupLink(app.db)
    const stale = tokenOf(link!)
    const token = tokenOf(newer!)
    expect((await app.inject({ method: 'GET', url: `/api/v1/setup/${stale}` })).statusCode).toBe(
      404,
    )
    expect((await app.inject({ method: 'GET', url: `/api/v1/setup/${token}` })).json()).toEqual({
      valid: true,
    })

    const payload = {
      email: 'root@example.org',
      name: 'First Admin',
      password: 'an unguessable passphrase',
    }
    const created = await app.inject({ method: 'POST', url: `/api/v1/setup/${token}`, payload })
    expect(created.statusCode).toBe(201)
    expect(created.json().user).toMatchObject({ email: 'root@example.org', roles: ['admin'] })
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/setup/${token}`,
          payload: { ...payload, email: 'second@example.org' },
        })
      ).statusCode,
    ).toBe(410)
    expect(await issueSetupLink(app.db)).toBeNull()
  })
})
