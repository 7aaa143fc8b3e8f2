import { sql } from 'kysely'
import { describe, expect } from 'vitest'
import { deliveredTo, it } from '../../server/src/testing/app.ts'
import { bearer, createUser, tokenFor } from '../../server/src/testing/factories.ts'
import { linkIn } from '../../server/src/testing/mail.ts'

// An e-mail address is one address whatever its case: every lookup, list filter, export and
// erasure finds the person by an address typed in another case than the stored one.

describe('e-mail addresses regardless of case', () => {
  it('reset, search, audit filter, export and erasure all find the person by another case', async ({
    app,
    mailbox,
  }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const person = await createUser(app, {
      email: 'Vesna.Kovac@example.org',
      name: 'Vesna Kovač',
      association: 'skgo',
    })
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'zels' })

    const reset = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: 'VESNA.KOVAC@EXAMPLE.ORG' },
    })
    expect(reset.statusCode).toBe(202)
    expect(linkIn(await deliveredTo(app, mailbox, person.email), '/password-reset/')).toBeTruthy()

    // Traces under other spellings: an invitation (with its notice) and a failed sign-in.
    const invited = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: bearer(tokenFor(app, coordinator)),
      payload: {
        email: 'vesna.KOVAC@example.org',
        name: 'Vesna Kovač',
        roles: ['learner'],
        associationId: coordinator.associationId,
      },
    })
    expect(invited.statusCode).toBe(201)
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'vesna.kovac@EXAMPLE.org', password: 'not the right password' },
    })

    const found = await app.inject({
      method: 'GET',
      url: '/api/v1/users?q=VESNA.KOVAC',
      headers: bearer(tokenFor(app, admin)),
    })
    expect(found.json().items.map((user: { id: string }) => user.id)).toEqual([person.id])
    const signIns = await app.inject({
      method: 'GET',
      url: '/api/v1/audit-events?actor=VESNA.kovac',
      headers: bearer(tokenFor(app, admin)),
    })
    expect(signIns.statusCode).toBe(200)
    expect(signIns.json().items.length).toBeGreaterThan(0)

    const exported = await app.inject({
      method: 'GET',
      url: '/api/v1/me/data',
      headers: bearer(tokenFor(app, person)),
    })
    expect(exported.statusCode).toBe(200)
    expect(JSON.stringify(exported.json())).toContain('vesna.KOVAC@example.org')

    const erased = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${person.id}/personal-data`,
      headers: bearer(tokenFor(app, admin)),
    })
    expect(erased.statusCode).toBe(204)
    for (const table of ['invitations', 'outbox_messages', 'audit_events', 'login_throttles']) {
      const hits = await sql<{
        n: number
      }>`select count(*)::int as n from ${sql.table(table)} t where t::text ilike ${'%vesna.kovac%'}`.execute(
        app.db,
      )
      expect(hits.rows[0]!.n, `rows of ${table} with the address`).toBe(0)
    }
  })
})
