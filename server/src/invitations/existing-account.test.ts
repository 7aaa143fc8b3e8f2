import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { deliveredTo, it } from '../testing/app.ts'
import { associationId, bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'

// A coordinator must not learn whether an address has an account: inviting it answers as for a
// new address, and the person gets a notice to sign in instead of a link to a second account.

const invite = (app: FastifyInstance, by: TestUser, payload: object) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/invitations',
    headers: bearer(tokenFor(app, by)),
    payload,
  })

const shapeOf = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).map(([key, value]) => [key, typeof value]))

describe('inviting an address that has an account', () => {
  it('answers a coordinator as for a new address and e-mails the person a sign-in notice', async ({
    app,
    mailbox,
  }) => {
    const zels = await associationId(app, 'zels')
    const skgo = await associationId(app, 'skgo')
    const existing = await createUser(app, {
      association: 'zels',
      email: 'Known.Person@example.org',
      name: 'Known Person',
    })
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const payload = { name: 'Some One', roles: ['learner'], associationId: skgo }

    const fresh = await invite(app, coordinator, { ...payload, email: 'new.person@example.org' })
    const known = await invite(app, coordinator, { ...payload, email: 'known.person@EXAMPLE.org' })
    expect(known.statusCode).toBe(fresh.statusCode)
    expect(known.statusCode).toBe(201)
    expect(known.headers['content-type']).toBe(fresh.headers['content-type'])
    expect(shapeOf(known.json())).toEqual(shapeOf(fresh.json()))
    expect(known.json()).toMatchObject({ email: 'known.person@EXAMPLE.org', acceptedAt: null })

    const notice = await deliveredTo(app, mailbox, existing.email)
    expect(notice?.subject).toBe('You already have an Agora account')
    expect(notice?.text).not.toMatch(/\/invitations\//)
    expect(notice?.text).toContain('http://localhost:3000/login')
    expect(notice?.text).toContain('http://localhost:3000/password-reset')
    expect(await deliveredTo(app, mailbox, 'new.person@example.org')).toMatchObject({
      subject: 'Your invitation to Agora',
    })

    // The person stays where they were, with one account.
    const rows = await app.db
      .selectFrom('users')
      .select(['id', 'associationId'])
      .where(sql`lower(email)`, '=', 'known.person@example.org')
      .execute()
    expect(rows).toEqual([{ id: existing.id, associationId: zels }])
  })

  it('bulk: a coordinator sees the same report for an address with an account; an admin is told', async ({
    app,
    mailbox,
  }) => {
    const skgo = await associationId(app, 'skgo')
    const existing = await createUser(app, { association: 'zels' })
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const admin = await createUser(app, { roles: ['admin'] })
    const csv = [
      'email,name,roles,association_id',
      `${existing.email.toUpperCase()},Some One,learner,${skgo}`,
      `nobody.yet@example.org,Nobody Yet,learner,${skgo}`,
    ].join('\n')
    const bulk = (by: TestUser, dryRun: boolean) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/invitations/bulk?dryRun=${dryRun}`,
        headers: bearer(tokenFor(app, by)),
        payload: { csv },
      })

    const asCoordinator = await bulk(coordinator, false)
    expect(asCoordinator.json()).toEqual({
      dryRun: false,
      valid: true,
      created: 2,
      rows: [
        { line: 2, email: existing.email.toUpperCase(), ok: true, errors: [] },
        { line: 3, email: 'nobody.yet@example.org', ok: true, errors: [] },
      ],
    })
    expect((await deliveredTo(app, mailbox, existing.email))?.subject).toBe(
      'You already have an Agora account',
    )

    const asAdmin = await bulk(admin, true)
    expect(asAdmin.json().rows[0]).toEqual({
      line: 2,
      email: existing.email.toUpperCase(),
      ok: false,
      errors: [
        {
          pointer: '/email',
          reason: 'conflict',
          detail: 'someone with this e-mail address has an account already',
        },
      ],
    })
  })
})
