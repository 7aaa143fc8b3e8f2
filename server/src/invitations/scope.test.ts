import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { deliveredTo, it } from '../testing/app.ts'
import { associationId, bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import type { Mailbox } from '../testing/mail.ts'
import { linkIn, tokenOf } from '../testing/mail.ts'

// Invitations belong to a scope: an admin's is every invitation, a coordinator's those they could
// have sent (learners into their association). Addresses are compared regardless of case.

const invite = (app: FastifyInstance, by: TestUser, payload: object) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/invitations',
    headers: bearer(tokenFor(app, by)),
    payload,
  })

const accept = (app: FastifyInstance, token: string) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/invitations/${token}/accept`,
    payload: { password: 'a long and private passphrase' },
  })

async function pendingOf(app: FastifyInstance, email: string) {
  return app.db
    .selectFrom('invitations')
    .select(['id', 'email', 'roles', 'invitedBy'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('revokedAt', 'is', null)
    .where('acceptedAt', 'is', null)
    .orderBy('createdAt')
    .execute()
}

async function linkTokenFor(app: FastifyInstance, mailbox: Mailbox, email: string) {
  return tokenOf(linkIn(await deliveredTo(app, mailbox, email), '/invitations/'))
}

async function usersWith(app: FastifyInstance, email: string) {
  return app.db
    .selectFrom('users')
    .select(['id', 'associationId', 'municipalityId'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .execute()
}

describe('invitation scopes', () => {
  it("a coordinator's invitation, in any case, leaves another scope's pending invitation alone and cannot move the person", async ({
    app,
    mailbox,
  }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const skgoCoordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const zelsCoordinator = await createUser(app, { roles: ['coordinator'], association: 'zels' })
    const zels = await associationId(app, 'zels')
    const skgo = await associationId(app, 'skgo')

    const byAdmin = await invite(app, admin, {
      email: 'hijack@example.org',
      name: 'Hana Jakić',
      roles: ['learner'],
      associationId: zels,
    })
    expect(byAdmin.statusCode).toBe(201)
    const adminToken = await linkTokenFor(app, mailbox, 'hijack@example.org')

    const hijack = await invite(app, skgoCoordinator, {
      email: 'HIJACK@example.org',
      name: 'Hana Jakić',
      roles: ['learner'],
      associationId: skgo,
    })
    expect(hijack.statusCode).toBe(201)
    const coordinatorToken = await linkTokenFor(app, mailbox, 'hijack@example.org')
    expect(coordinatorToken).not.toBe(adminToken)

    // Both stay pending; the admin's link still works.
    expect((await pendingOf(app, 'hijack@example.org')).map((row) => row.invitedBy)).toEqual([
      admin.id,
      skgoCoordinator.id,
    ])
    const described = await app.inject({ method: 'GET', url: `/api/v1/invitations/${adminToken}` })
    expect(described.statusCode).toBe(200)

    // Each coordinator sees the invitations into their own association only.
    const listed = async (coordinator: TestUser) =>
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/invitations',
          headers: bearer(tokenFor(app, coordinator)),
        })
      )
        .json()
        .items.map((item: { id: string }) => item.id)
    expect(await listed(zelsCoordinator)).toContain(byAdmin.json().id)
    expect(await listed(zelsCoordinator)).not.toContain(hijack.json().id)
    expect(await listed(skgoCoordinator)).not.toContain(byAdmin.json().id)

    // The person accepts the admin's invitation; the coordinator's link then creates nothing.
    expect((await accept(app, adminToken)).statusCode).toBe(200)
    const late = await accept(app, coordinatorToken)
    expect(late.statusCode).toBe(409)
    expect(late.json().type).toBe('/problems/conflict')
    const lateDescribed = await app.inject({
      method: 'GET',
      url: `/api/v1/invitations/${coordinatorToken}`,
    })
    expect(lateDescribed.statusCode).toBe(409)
    expect(await usersWith(app, 'hijack@example.org')).toEqual([
      { id: expect.any(String), associationId: zels, municipalityId: null },
    ])
  })

  it('a coordinator replaces only the invitations they could have sent; an admin replaces any', async ({
    app,
    mailbox,
  }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const skgo = await associationId(app, 'skgo')
    const zels = await associationId(app, 'zels')
    const person = { name: 'Mira Trener', associationId: skgo }

    // An admin's trainer invitation into the coordinator's own association is not theirs to replace.
    const trainer = await invite(app, admin, {
      ...person,
      email: 'mira@example.org',
      roles: ['trainer'],
    })
    await app.outbox.flush()
    const first = await invite(app, coordinator, {
      ...person,
      email: 'Mira@Example.org',
      roles: ['learner'],
    })
    const firstToken = await linkTokenFor(app, mailbox, 'mira@example.org')
    const second = await invite(app, coordinator, {
      ...person,
      email: 'mira@example.org',
      roles: ['learner'],
    })
    expect([trainer.statusCode, first.statusCode, second.statusCode]).toEqual([201, 201, 201])
    expect((await pendingOf(app, 'mira@example.org')).map((row) => row.id)).toEqual([
      trainer.json().id,
      second.json().id,
    ])
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/invitations/${firstToken}` })).statusCode,
    ).toBe(404)

    const byAdmin = await invite(app, admin, {
      name: 'Mira Trener',
      email: 'MIRA@example.org',
      roles: ['learner'],
      associationId: zels,
    })
    expect(byAdmin.statusCode).toBe(201)
    expect((await pendingOf(app, 'mira@example.org')).map((row) => row.id)).toEqual([
      byAdmin.json().id,
    ])
    const audit = await app.db
      .selectFrom('auditEvents')
      .select('details')
      .where('action', '=', 'invitation.created')
      .where('subject', '=', byAdmin.json().id)
      .executeTakeFirstOrThrow()
    expect(audit.details).toMatchObject({
      replaced: expect.arrayContaining([trainer.json().id, second.json().id]),
    })
  })

  it("bulk: a coordinator's rows leave other scopes' invitations alone", async ({ app }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const zels = await associationId(app, 'zels')
    const skgo = await associationId(app, 'skgo')
    await invite(app, admin, {
      email: 'bulk.target@example.org',
      name: 'Bulk Target',
      roles: ['learner'],
      associationId: zels,
    })
    const sent = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/bulk?dryRun=false',
      headers: bearer(tokenFor(app, coordinator)),
      payload: {
        csv: `email,name,roles,association_id\nBULK.Target@example.org,B T,learner,${skgo}\n`,
      },
    })
    expect(sent.json()).toMatchObject({ valid: true, created: 1 })
    expect((await pendingOf(app, 'bulk.target@example.org')).map((row) => row.invitedBy)).toEqual([
      admin.id,
      coordinator.id,
    ])
  })

  it('concurrent acceptances of two invitations for one address create one account', async ({
    app,
    mailbox,
  }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    await invite(app, admin, {
      email: 'twice@example.org',
      name: 'Twice Invited',
      roles: ['learner'],
      associationId: await associationId(app, 'zels'),
    })
    const one = await linkTokenFor(app, mailbox, 'twice@example.org')
    await invite(app, coordinator, {
      email: 'Twice@example.org',
      name: 'Twice Invited',
      roles: ['learner'],
      associationId: await associationId(app, 'skgo'),
    })
    const other = await linkTokenFor(app, mailbox, 'twice@example.org')
    const answers = await Promise.all([accept(app, one), accept(app, other)])
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409])
    expect(await usersWith(app, 'twice@example.org')).toHaveLength(1)
  })
})
