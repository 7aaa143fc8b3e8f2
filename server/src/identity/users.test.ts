import { sql } from 'kysely'
import { describe, expect } from 'vitest'
import { deliveredTo, it } from '../testing/app.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'

describe('users', () => {
  it('coordinators see the people of their own association only, and get 403 for others', async ({
    app,
  }) => {
    const coordinatorA = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const learnerA = await createUser(app, {
      municipality: { country: 'RS', name: 'Niš' },
      name: 'Nina Nišlija',
    })
    const learnerB = await createUser(app, {
      municipality: { country: 'MK', name: 'Охрид' },
      name: 'Ohrid Learner',
    })
    const headers = bearer(tokenFor(app, coordinatorA))

    const list = await app.inject({ method: 'GET', url: '/api/v1/users?limit=100', headers })
    const ids = list.json().items.map((user: { id: string }) => user.id)
    expect(ids).toEqual(expect.arrayContaining([coordinatorA.id, learnerA.id]))
    expect(ids).not.toContain(learnerB.id)

    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/users/${learnerA.id}`, headers }))
        .statusCode,
    ).toBe(200)
    const foreign = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${learnerB.id}`,
      headers,
    })
    expect(foreign.statusCode).toBe(403)
    expect(foreign.json().type).toBe('/problems/forbidden')
    // Coordinators read, they do not change roles.
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `/api/v1/users/${learnerA.id}/roles`,
          headers,
          payload: { roles: ['admin'] },
        })
      ).statusCode,
    ).toBe(403)
  })

  it('searches by name or e-mail and filters by role', async ({ app }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const trainer = await createUser(app, { roles: ['trainer'], name: 'Zorana Zlatković' })
    const headers = bearer(tokenFor(app, admin))
    const byName = await app.inject({ method: 'GET', url: '/api/v1/users?q=zlatkov', headers })
    expect(byName.json()).toMatchObject({ total: 1, items: [{ id: trainer.id }] })
    const byRole = await app.inject({
      method: 'GET',
      url: '/api/v1/users?role=trainer&limit=100',
      headers,
    })
    expect(
      byRole.json().items.every((user: { roles: string[] }) => user.roles.includes('trainer')),
    ).toBe(true)
    const wildcard = await app.inject({ method: 'GET', url: '/api/v1/users?q=%25', headers })
    expect(wildcard.json().total).toBe(0)
  })

  it('admins replace roles, audited with before and after; an admin cannot drop their own admin role', async ({
    app,
  }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const user = await createUser(app, { roles: ['learner'] })
    const headers = bearer(tokenFor(app, admin))
    const changed = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${user.id}/roles`,
      headers,
      payload: { roles: ['trainer', 'learner'] },
    })
    expect(changed.json().roles).toEqual(['learner', 'trainer'])
    const audit = await app.db
      .selectFrom('auditEvents')
      .select(['actorId', 'details'])
      .where('action', '=', 'user.roles-changed')
      .where('subject', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(audit).toEqual({
      actorId: admin.id,
      details: { before: ['learner'], after: ['learner', 'trainer'] },
    })
    const self = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${admin.id}/roles`,
      headers,
      payload: { roles: ['learner'] },
    })
    expect(self.statusCode).toBe(409)
    const invalid = await app.inject({
      method: 'PUT',
      url: `/api/v1/users/${user.id}/roles`,
      headers,
      payload: { roles: ['superuser'] },
    })
    expect(invalid.statusCode).toBe(400)
  })

  it('erasure leaves no trace of the e-mail or the name in any table', async ({ app, mailbox }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const person = await createUser(app, {
      email: 'Erika.Mustermann@example.org',
      name: 'Erika Mustermann',
      municipality: { country: 'SE', name: 'Lund' },
    })
    // Leave traces everywhere: sessions, a failed login, a reset link and its e-mail, an invitation, an audit trail.
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: person.email, password: person.password },
    })
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'erika.mustermann@example.org', password: 'wrong password here' },
    })
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: person.email },
    })
    await deliveredTo(app, mailbox, person.email)
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: person.email },
    })
    await app.db
      .insertInto('invitations')
      .values({
        email: person.email,
        name: person.name,
        roles: ['learner'],
        tokenHash: 'x'.repeat(64),
        expiresAt: new Date(),
        acceptedAt: new Date(),
      })
      .execute()

    const erased = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${person.id}/personal-data`,
      headers: bearer(tokenFor(app, admin)),
    })
    expect(erased.statusCode).toBe(204)

    const tables = await sql<{
      name: string
    }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
      app.db,
    )
    expect(tables.rows.length).toBeGreaterThan(10)
    for (const { name } of tables.rows) {
      const hits = await sql<{
        n: number
      }>`select count(*)::int as n from ${sql.table(name)} t where t::text ilike ${'%mustermann%'} or t::text ilike ${'%erika%'}`.execute(
        app.db,
      )
      expect(hits.rows[0]!.n, `rows of ${name} mentioning the person`).toBe(0)
    }
    const row = await app.db
      .selectFrom('users')
      .select(['name', 'email', 'erasedAt'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(row.name).toBe('Erased user')
    expect(row.erasedAt).not.toBeNull()
    // The person can no longer sign in, and the erasure itself is on record.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: person.email, password: person.password },
        })
      ).statusCode,
    ).toBe(401)
    const record = await app.db
      .selectFrom('auditEvents')
      .select(['actorId'])
      .where('action', '=', 'user.erased')
      .where('subject', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(record.actorId).toBe(admin.id)
  })
})
