import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { deliveredTo, it } from '../testing/app.ts'
import { bearer, createUser, refreshCookie, type TestUser, tokenFor } from '../testing/factories.ts'
import { linkIn, tokenOf } from '../testing/mail.ts'
import { updateMe } from './accounts.ts'

// A change to a person's roles, sessions or existence takes effect on their next request: the
// access token they hold is refused at once, not when it expires 15 minutes later.

let address = 0
const signIn = async (app: FastifyInstance, user: TestUser) => {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password },
    remoteAddress: `10.9.${Math.floor(++address / 250)}.${address % 250}`,
  })
  expect(response.statusCode).toBe(200)
  return {
    headers: bearer(response.json().accessToken),
    cookie: refreshCookie(response),
  }
}

const enrolments = (app: FastifyInstance, headers: Record<string, string>) =>
  app.inject({ method: 'GET', url: '/api/v1/enrolments', headers })

const refresh = (app: FastifyInstance, cookie: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie } })

function expectUnauthorized(response: Awaited<ReturnType<FastifyInstance['inject']>>) {
  expect(response.statusCode).toBe(401)
  expect(response.headers['content-type']).toContain('application/problem+json')
  expect(response.json()).toMatchObject({ type: '/problems/unauthorized', status: 401 })
}

describe('session epoch', () => {
  it('refuses an erased person’s token at once, and PATCH /me writes nothing back', async ({
    app,
  }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const person = await createUser(app, { name: 'Vesna Erased' })
    const session = await signIn(app, person)
    expect((await enrolments(app, session.headers)).statusCode).toBe(200)

    const erased = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${person.id}/personal-data`,
      headers: bearer(tokenFor(app, admin)),
    })
    expect(erased.statusCode).toBe(204)

    expectUnauthorized(await enrolments(app, session.headers))
    expectUnauthorized(
      await app.inject({ method: 'GET', url: '/api/v1/me/data', headers: session.headers }),
    )
    const rowBefore = await app.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    const patched = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: session.headers,
      payload: { name: 'Vesna Back Again', position: 'Mayor' },
    })
    expectUnauthorized(patched)
    const rowAfter = await app.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(rowAfter).toEqual(rowBefore)
    expect(rowAfter).toMatchObject({ name: 'Erased user', position: null })
    expectUnauthorized(await refresh(app, session.cookie))
  })

  it('the profile update itself writes nothing for an erased account (whatever let it through)', async ({
    app,
  }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const person = await createUser(app)
    await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${person.id}/personal-data`,
      headers: bearer(tokenFor(app, admin)),
    })
    const actor = { id: person.id, roles: person.roles, associationId: null }
    await expect(updateMe(app.db, actor, { name: 'Written Back' })).rejects.toMatchObject({
      status: 401,
      type: 'unauthorized',
    })
    const row = await app.db
      .selectFrom('users')
      .select(['name', 'updatedAt', 'erasedAt'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(row.name).toBe('Erased user')
  })

  it('a demoted person loses the old roles on the next request; their refresh brings the new ones', async ({
    app,
  }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const demoted = await createUser(app, { roles: ['admin'] })
    const session = await signIn(app, demoted)
    const users = (headers: Record<string, string>) =>
      app.inject({ method: 'GET', url: '/api/v1/users', headers })
    expect((await users(session.headers)).statusCode).toBe(200)

    const changed = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${demoted.id}/roles`,
      headers: bearer(tokenFor(app, admin)),
      payload: { roles: ['learner'] },
    })
    expect(changed.statusCode).toBe(200)

    expectUnauthorized(await users(session.headers))
    expectUnauthorized(await enrolments(app, session.headers))
    const renewed = await refresh(app, session.cookie)
    expect(renewed.statusCode).toBe(200)
    expect(renewed.json().user.roles).toEqual(['learner'])
    const headers = bearer(renewed.json().accessToken)
    expect((await users(headers)).statusCode).toBe(403)
    expect((await enrolments(app, headers)).statusCode).toBe(200)
  })

  it('signing out everywhere ends the access tokens of every session, this one included', async ({
    app,
  }) => {
    const person = await createUser(app)
    const laptop = await signIn(app, person)
    const phone = await signIn(app, person)
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-everywhere',
      headers: laptop.headers,
    })
    expect(out.statusCode).toBe(204)
    expectUnauthorized(await enrolments(app, laptop.headers))
    expectUnauthorized(await enrolments(app, phone.headers))
    expectUnauthorized(await refresh(app, phone.cookie))
    // Signing in again works, with a token of the new epoch.
    const again = await signIn(app, person)
    expect((await enrolments(app, again.headers)).statusCode).toBe(200)
  })

  it('a password reset ends every access token; a password change every other session’s', async ({
    app,
    mailbox,
  }) => {
    const person = await createUser(app)
    const before = await signIn(app, person)
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: person.email },
    })
    const token = tokenOf(linkIn(await deliveredTo(app, mailbox, person.email), '/password-reset/'))
    const reset = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'a fresh passphrase for vesna' },
    })
    expect(reset.statusCode).toBe(204)
    expectUnauthorized(await enrolments(app, before.headers))

    person.password = 'a fresh passphrase for vesna'
    const kept = await signIn(app, person)
    const other = await signIn(app, person)
    const changed = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/password',
      headers: { ...kept.headers, cookie: kept.cookie },
      payload: { currentPassword: person.password, newPassword: 'yet another passphrase here' },
    })
    expect(changed.statusCode).toBe(204)
    expectUnauthorized(await enrolments(app, other.headers))
    expectUnauthorized(await refresh(app, other.cookie))
    // The session that changed it goes on after one refresh.
    const renewed = await refresh(app, kept.cookie)
    expect(renewed.statusCode).toBe(200)
    expect((await enrolments(app, bearer(renewed.json().accessToken))).statusCode).toBe(200)
  })

  it('signing out ends that session’s access token; another session goes on after a refresh', async ({
    app,
  }) => {
    const person = await createUser(app)
    const laptop = await signIn(app, person)
    const phone = await signIn(app, person)
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: laptop.cookie },
    })
    expect(out.statusCode).toBe(204)
    expectUnauthorized(await enrolments(app, laptop.headers))
    expectUnauthorized(await refresh(app, laptop.cookie))
    const renewed = await refresh(app, phone.cookie)
    expect(renewed.statusCode).toBe(200)
    expect((await enrolments(app, bearer(renewed.json().accessToken))).statusCode).toBe(200)
  })

  it('a refresh token used twice ends the access tokens of its family at once', async ({ app }) => {
    const person = await createUser(app)
    const stolen = await signIn(app, person)
    const first = await refresh(app, stolen.cookie)
    expect(first.statusCode).toBe(200)
    const holder = bearer(first.json().accessToken)
    expect((await enrolments(app, holder)).statusCode).toBe(200)

    expectUnauthorized(await refresh(app, stolen.cookie))
    expectUnauthorized(await enrolments(app, holder))
  })
})
