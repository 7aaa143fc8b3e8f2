import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../../server/src/testing/app.ts'
import { bearer, createUser, refreshCookie, tokenFor } from '../../server/src/testing/factories.ts'

/**
 * API answers carry tokens and personal data: no browser or proxy may keep a copy (OWASP REST
 * Security: `Cache-Control: no-store`), also when the answer is an error.
 */
const noStore = (response: { headers: Record<string, unknown> }) =>
  expect(response.headers['cache-control']).toBe('no-store')

async function signIn(app: FastifyInstance) {
  const user = await createUser(app, { roles: ['learner'] })
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password },
  })
  expect(login.statusCode).toBe(200)
  return { user, login, token: login.json().accessToken as string }
}

describe('Cache-Control: no-store on API answers', () => {
  it('on signing in, refreshing and signing out, and on their refusals', async ({ app }) => {
    const { user, login } = await signIn(app)
    noStore(login)
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'not the password' },
    })
    expect(wrong.statusCode).toBe(401)
    noStore(wrong)

    const refreshed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: refreshCookie(login) },
    })
    expect(refreshed.statusCode).toBe(200)
    noStore(refreshed)
    const noCookie = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh' })
    expect(noCookie.statusCode).toBe(401)
    noStore(noCookie)

    const logout = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: refreshCookie(refreshed) },
    })
    noStore(logout)
  })

  it('on /me, /me/data and their refusals', async ({ app }) => {
    const { token } = await signIn(app)
    for (const url of ['/api/v1/me', '/api/v1/me/data']) {
      const mine = await app.inject({ url, headers: bearer(token) })
      expect(mine.statusCode, url).toBe(200)
      noStore(mine)
      const anonymous = await app.inject({ url })
      expect(anonymous.statusCode, url).toBe(401)
      noStore(anonymous)
    }
    const renamed = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: bearer(token),
      payload: { name: 'Renamed Person' },
    })
    expect(renamed.statusCode).toBe(200)
    noStore(renamed)
    const refused = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: bearer(token),
      payload: { name: 7 },
    })
    expect(refused.statusCode).toBe(400)
    noStore(refused)
    const notJson = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { ...bearer(token), 'content-type': 'text/csv' },
      payload: 'name',
    })
    expect(notJson.statusCode).toBe(415)
    noStore(notJson)
  })

  it('on lists of people, invitations, the audit log and unknown API paths', async ({ app }) => {
    const admin = tokenFor(app, await createUser(app, { roles: ['admin'] }))
    for (const url of [
      '/users',
      '/invitations',
      '/audit-events',
      '/enrolments',
      '/no-such-thing',
    ]) {
      const answer = await app.inject({ url: `/api/v1${url}`, headers: bearer(admin) })
      expect(answer.statusCode, url).toBe(url === '/no-such-thing' ? 404 : 200)
      noStore(answer)
    }
  })

  it('on every GET operation of the API document, whoever asks', async ({ app }) => {
    // The issuer's keys, like the open calls' feed and embed, are the same for everyone.
    const publicForAll = new Set([
      '/api/v1/calls/feed',
      '/api/v1/calls/embed',
      '/.well-known/jwks.json',
      '/.well-known/did.json',
    ])
    const admin = tokenFor(app, await createUser(app, { roles: ['admin'] }))
    const document = (await app.inject('/api/docs/json')).json() as {
      paths: Record<string, Record<string, unknown>>
    }
    const paths = Object.entries(document.paths)
      .filter(([, operations]) => 'get' in operations)
      .map(([path]) =>
        path.replace(/\{(\w+)\}/g, (_, name: string) =>
          ['id', 'userId'].includes(name) ? '00000000-0000-4000-8000-000000000000' : 'x',
        ),
      )
    expect(paths.length).toBeGreaterThan(20)
    for (const url of paths) {
      for (const headers of [{}, bearer(admin)]) {
        const answer = await app.inject({ url, headers })
        // The rendered step revalidates with its ETag instead (private, no-cache); what is the same
        // for everyone may be kept five minutes by any cache.
        if (answer.headers.etag)
          expect(answer.headers['cache-control'], url).toBe('private, no-cache')
        else if (publicForAll.has(url))
          expect(answer.headers['cache-control'], url).toBe('public, max-age=300')
        else expect(answer.headers['cache-control'], `${url} ${answer.statusCode}`).toBe('no-store')
      }
    }
  })
})
