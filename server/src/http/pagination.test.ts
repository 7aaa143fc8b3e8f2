import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'

// Past the last item a page is empty, but its total is still the number of items there are.
describe('a page past the last item keeps the total', () => {
  const lists = [
    '/api/v1/users',
    '/api/v1/audit-events',
    '/api/v1/municipalities?country=RS',
    '/api/v1/invitations',
  ]

  for (const list of lists) {
    it(`GET ${list}`, async ({ app }) => {
      const admin = await createUser(app, { roles: ['admin'] })
      const headers = bearer(tokenFor(app, admin))
      // Something to count in every list: an invitation also writes an audit event.
      const invited = await app.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        headers,
        payload: {
          email: `paged-${crypto.randomUUID()}@example.org`,
          name: 'Paged',
          roles: ['learner'],
        },
      })
      expect(invited.statusCode).toBe(201)

      const join = list.includes('?') ? '&' : '?'
      const first = await app.inject({ method: 'GET', url: `${list}${join}limit=1`, headers })
      expect(first.statusCode).toBe(200)
      const { total } = first.json()
      expect(total).toBeGreaterThan(0)

      for (const offset of [total, total + 5]) {
        const past = await app.inject({
          method: 'GET',
          url: `${list}${join}offset=${offset}`,
          headers,
        })
        expect(past.statusCode).toBe(200)
        expect(past.json()).toMatchObject({ items: [], total, offset })
      }
    })
  }
})
