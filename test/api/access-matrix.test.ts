import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../../server/src/testing/app.ts'
import { createUser, municipalityId, type TestUser, tokenFor } from '../../server/src/testing/factories.ts'

/**
 * Every API route, called as each kind of caller: the guard's decision must match the entry here.
 * The list of routes comes from the OpenAPI document, so a new route without an entry fails.
 */
type Caller = 'anonymous' | 'learner' | 'trainer' | 'coordinator' | 'otherCoordinator' | 'admin'
type Decision = 'allow' | 401 | 403
type Access = Record<Caller, Decision>

const callers: Caller[] = ['anonymous', 'learner', 'trainer', 'coordinator', 'otherCoordinator', 'admin']
const everyone: Access = { anonymous: 'allow', learner: 'allow', trainer: 'allow', coordinator: 'allow', otherCoordinator: 'allow', admin: 'allow' }
const signedIn: Access = { ...everyone, anonymous: 401 }
const nobody: Access = { anonymous: 401, learner: 401, trainer: 401, coordinator: 401, otherCoordinator: 401, admin: 401 }
const staff: Access = { anonymous: 401, learner: 403, trainer: 403, coordinator: 'allow', otherCoordinator: 'allow', admin: 'allow' }
/** Staff, but the resource belongs to the first coordinator's association. */
const ownAssociation: Access = { ...staff, otherCoordinator: 403 }
const adminOnly: Access = { anonymous: 401, learner: 403, trainer: 403, coordinator: 403, otherCoordinator: 403, admin: 'allow' }
const teaching: Access = { ...adminOnly, trainer: 'allow' }

interface Fixtures {
  app: FastifyInstance
  skgoMunicipality: string
}
interface Call {
  url: string
  payload?: object
}

const token = () => 'T'.repeat(43)
const matrix: Record<string, { access: Access; call: (fx: Fixtures) => Promise<Call> | Call }> = {
  'GET /api/v1/health': { access: everyone, call: () => ({ url: '/api/v1/health' }) },
  'GET /api/v1/courses': { access: everyone, call: () => ({ url: '/api/v1/courses' }) },
  'GET /api/v1/courses/{slug}/trainers': { access: teaching, call: () => ({ url: '/api/v1/courses/no-such-course/trainers' }) },
  'PUT /api/v1/courses/{slug}/trainers/{userId}': { access: adminOnly, call: () => ({ url: `/api/v1/courses/no-such-course/trainers/${randomUUID()}` }) },
  'DELETE /api/v1/courses/{slug}/trainers/{userId}': { access: adminOnly, call: () => ({ url: `/api/v1/courses/no-such-course/trainers/${randomUUID()}` }) },
  'POST /api/v1/module-previews': { access: teaching, call: () => ({ url: '/api/v1/module-previews', payload: { markdown: '# Hi' } }) },
  'GET /api/v1/courses/{slug}/drafts/{language}/{step}': { access: teaching, call: () => ({ url: '/api/v1/courses/no-such-course/drafts/en/01-introduction' }) },
  'PUT /api/v1/courses/{slug}/drafts/{language}/{step}': { access: teaching, call: () => ({ url: '/api/v1/courses/no-such-course/drafts/en/01-introduction', payload: { markdown: '#', baseRevision: 0 } }) },
  'GET /api/v1/courses/{slug}/versions': { access: teaching, call: () => ({ url: '/api/v1/courses/no-such-course/versions' }) },
  'POST /api/v1/courses/{slug}/versions': { access: teaching, call: () => ({ url: '/api/v1/courses/no-such-course/versions', payload: { changeSummary: 'x' } }) },
  'GET /api/v1/courses/{slug}/versions/{from}/diff/{to}': { access: teaching, call: () => ({ url: '/api/v1/courses/no-such-course/versions/1/diff/2' }) },
  'GET /api/v1/courses/{slug}/draft.zip': { access: teaching, call: () => ({ url: '/api/v1/courses/no-such-course/draft.zip' }) },
  'GET /api/v1/courses/{slug}/modules/{step}': { access: signedIn, call: () => ({ url: '/api/v1/courses/no-such-course/modules/01-introduction' }) },
  'POST /api/v1/auth/login': { access: everyone, call: () => ({ url: '/api/v1/auth/login', payload: { email: 'x@example.org', password: 'nothing' } }) },
  // The refresh cookie is the credential here, and the matrix sends none.
  'POST /api/v1/auth/refresh': { access: nobody, call: () => ({ url: '/api/v1/auth/refresh' }) },
  'POST /api/v1/auth/logout': { access: everyone, call: () => ({ url: '/api/v1/auth/logout' }) },
  'POST /api/v1/auth/logout-everywhere': { access: signedIn, call: () => ({ url: '/api/v1/auth/logout-everywhere' }) },
  'POST /api/v1/auth/password-reset': { access: everyone, call: () => ({ url: '/api/v1/auth/password-reset', payload: { email: 'x@example.org' } }) },
  'POST /api/v1/auth/password-reset/confirm': { access: everyone, call: () => ({ url: '/api/v1/auth/password-reset/confirm', payload: { token: token(), password: 'a long passphrase' } }) },
  'GET /api/v1/auth/registration': { access: everyone, call: () => ({ url: '/api/v1/auth/registration' }) },
  'POST /api/v1/auth/register': { access: everyone, call: () => ({ url: '/api/v1/auth/register', payload: { email: 'x@example.org', name: 'X', password: 'a long passphrase' } }) },
  'POST /api/v1/auth/verify-email': { access: everyone, call: () => ({ url: '/api/v1/auth/verify-email', payload: { token: token() } }) },
  'GET /api/v1/setup/{token}': { access: everyone, call: () => ({ url: `/api/v1/setup/${token()}` }) },
  'POST /api/v1/setup/{token}': { access: everyone, call: () => ({ url: `/api/v1/setup/${token()}`, payload: { email: 'x@example.org', name: 'X', password: 'a long passphrase' } }) },
  'GET /api/v1/me': { access: signedIn, call: () => ({ url: '/api/v1/me' }) },
  'PATCH /api/v1/me': { access: signedIn, call: () => ({ url: '/api/v1/me', payload: { timeZone: 'Europe/Skopje' } }) },
  'PUT /api/v1/me/password': { access: signedIn, call: () => ({ url: '/api/v1/me/password', payload: { currentPassword: 'wrong one', newPassword: 'a long passphrase' } }) },
  'GET /api/v1/me/data': { access: signedIn, call: () => ({ url: '/api/v1/me/data' }) },
  'GET /api/v1/users': { access: staff, call: () => ({ url: '/api/v1/users' }) },
  'GET /api/v1/users/{id}': {
    access: ownAssociation,
    call: async ({ app }) => ({ url: `/api/v1/users/${(await createUser(app, { association: 'skgo' })).id}` }),
  },
  'PUT /api/v1/users/{id}/roles': {
    access: adminOnly,
    call: async ({ app }) => ({ url: `/api/v1/users/${(await createUser(app, { association: 'skgo' })).id}/roles`, payload: { roles: ['learner'] } }),
  },
  'DELETE /api/v1/users/{id}/personal-data': {
    access: adminOnly,
    call: async ({ app }) => ({ url: `/api/v1/users/${(await createUser(app, { association: 'skgo' })).id}/personal-data` }),
  },
  'POST /api/v1/invitations': {
    access: ownAssociation,
    call: ({ skgoMunicipality }) => ({ url: '/api/v1/invitations', payload: { email: `${randomUUID()}@example.org`, name: 'New Learner', roles: ['learner'], municipalityId: skgoMunicipality } }),
  },
  'POST /api/v1/invitations/bulk': { access: staff, call: () => ({ url: '/api/v1/invitations/bulk', payload: { csv: 'email,name,roles\nx@example.org,X Y,learner\n' } }) },
  'GET /api/v1/invitations': { access: staff, call: () => ({ url: '/api/v1/invitations' }) },
  'GET /api/v1/invitations/{token}': { access: everyone, call: () => ({ url: `/api/v1/invitations/${token()}` }) },
  'POST /api/v1/invitations/{token}/accept': { access: everyone, call: () => ({ url: `/api/v1/invitations/${token()}/accept`, payload: { password: 'a long passphrase' } }) },
  'GET /api/v1/countries': { access: everyone, call: () => ({ url: '/api/v1/countries' }) },
  'GET /api/v1/associations': { access: everyone, call: () => ({ url: '/api/v1/associations' }) },
  'GET /api/v1/municipalities': { access: everyone, call: () => ({ url: '/api/v1/municipalities' }) },
  'POST /api/v1/municipalities': { access: adminOnly, call: () => ({ url: '/api/v1/municipalities', payload: { countryCode: 'SE', name: `Test ${randomUUID()}` } }) },
  'POST /api/v1/municipalities/{id}/merge': { access: adminOnly, call: () => ({ url: `/api/v1/municipalities/${randomUUID()}/merge`, payload: { intoId: randomUUID() } }) },
  'POST /api/v1/municipalities/import': { access: adminOnly, call: () => ({ url: '/api/v1/municipalities/import', payload: { csv: 'country,association,code,name,alt_names\nSE,,,Nyby,\n' } }) },
  'GET /api/v1/audit-events': { access: adminOnly, call: () => ({ url: '/api/v1/audit-events' }) },
}

function decisionOf(response: { statusCode: number; json(): { type?: string } }): Decision {
  // Only the guard's refusals count as denials; a 401 for a wrong password is the route working.
  if (response.statusCode === 401 && response.json().type === '/problems/unauthorized') return 401
  if (response.statusCode === 403 && response.json().type === '/problems/forbidden') return 403
  return 'allow'
}

let routes: string[] = []
let users: Record<Exclude<Caller, 'anonymous'>, TestUser>

describe('route × role matrix', () => {
  it('has an entry for every documented API route, and no entry for a route that is gone', async ({ app }) => {
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> }
    routes = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
    expect(routes.filter((route) => !(route in matrix)), 'routes without a matrix entry').toEqual([])
    expect(Object.keys(matrix).filter((route) => !routes.includes(route)), 'matrix entries without a route').toEqual([])
  })

  it('every caller gets exactly the expected decision on every route', async ({ app }) => {
    users = {
      learner: await createUser(app, { roles: ['learner'], association: 'skgo' }),
      trainer: await createUser(app, { roles: ['trainer'], association: 'skgo' }),
      coordinator: await createUser(app, { roles: ['coordinator'], association: 'skgo' }),
      otherCoordinator: await createUser(app, { roles: ['coordinator'], association: 'zels' }),
      admin: await createUser(app, { roles: ['admin'] }),
    }
    const fixtures: Fixtures = { app, skgoMunicipality: await municipalityId(app, 'RS', 'Kragujevac') }
    const outcomes: string[] = []
    for (const [route, entry] of Object.entries(matrix)) {
      const [method] = route.split(' ')
      for (const caller of callers) {
        const { url, payload } = await entry.call(fixtures)
        const headers = caller === 'anonymous' ? {} : { authorization: `Bearer ${tokenFor(app, users[caller])}` }
        const response = await app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) })
        expect(response.statusCode, `${route} as ${caller}: ${response.body}`).toBeLessThan(500)
        outcomes.push(`${route} as ${caller}: ${decisionOf(response)}`)
      }
    }
    const expected = Object.entries(matrix).flatMap(([route, entry]) => callers.map((caller) => `${route} as ${caller}: ${entry.access[caller]}`))
    expect(outcomes).toEqual(expected)
  })
})
