import { sql } from 'kysely'
import { describe, expect } from 'vitest'
import { deliveredTo, it } from '../testing/app.ts'
import {
  associationId,
  bearer,
  createUser,
  municipalityId,
  tokenFor,
} from '../testing/factories.ts'
import { linkIn, tokenOf } from '../testing/mail.ts'

describe('invitations', () => {
  it('admin invites; the person accepts the e-mailed link, chooses a password and is signed in', async ({
    app,
    mailbox,
  }) => {
    const admin = await createUser(app, { roles: ['admin'], name: 'Ana Admin' })
    const place = await municipalityId(app, 'MK', 'Битола')
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: bearer(tokenFor(app, admin)),
      payload: {
        email: 'Mila.Trainer@example.org',
        name: 'Mila Trainer',
        roles: ['trainer', 'learner'],
        municipalityId: place,
        position: 'Trainer',
        preferredLanguage: 'sr-Latn',
      },
    })
    expect(created.statusCode).toBe(201)
    const invitation = created.json()
    expect(invitation).toMatchObject({
      email: 'Mila.Trainer@example.org',
      roles: ['learner', 'trainer'],
      acceptedAt: null,
    })
    const days = (new Date(invitation.expiresAt).getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(6.99)
    expect(days).toBeLessThanOrEqual(7)

    const mail = await deliveredTo(app, mailbox, 'mila.trainer@example.org')
    expect(mail?.subject).toBe('Poziv na platformu Agora')
    expect(mail?.text).toContain('Ana Admin vas poziva')
    const token = tokenOf(linkIn(mail, '/invitations/'))

    const described = await app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` })
    expect(described.json()).toEqual({
      email: 'Mila.Trainer@example.org',
      name: 'Mila Trainer',
      expiresAt: invitation.expiresAt,
    })

    const accepted = await app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      payload: { password: 'a long and private passphrase' },
    })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json().user).toMatchObject({
      email: 'Mila.Trainer@example.org',
      roles: ['learner', 'trainer'],
      preferredLanguage: 'sr-Latn',
      position: 'Trainer',
      municipality: { name: 'Битола', countryCode: 'MK' },
      association: { slug: 'zels' },
    })
    expect(accepted.cookies.some((c) => c.name === 'agora_refresh')).toBe(true)

    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      payload: { password: 'a long and private passphrase' },
    })
    expect(again.statusCode).toBe(410)
    expect(again.json().type).toBe('/problems/token-used')
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` })).statusCode,
    ).toBe(410)

    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'mila.trainer@example.org', password: 'a long and private passphrase' },
    })
    expect(login.statusCode).toBe(200)
  })

  it('refuses an expired invitation and an unknown token', async ({ app, mailbox }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: bearer(tokenFor(app, admin)),
      payload: { email: 'late@example.org', name: 'Late Person', roles: ['learner'] },
    })
    const token = tokenOf(
      linkIn(await deliveredTo(app, mailbox, 'late@example.org'), '/invitations/'),
    )
    await app.db
      .updateTable('invitations')
      .set({ expiresAt: sql<Date>`now() - interval '1 minute'` })
      .where(sql`lower(email)`, '=', 'late@example.org')
      .execute()
    const expired = await app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      payload: { password: 'a long and private passphrase' },
    })
    expect(expired.statusCode).toBe(410)
    expect(expired.json().type).toBe('/problems/token-expired')
    expect(
      await app.db
        .selectFrom('users')
        .select('id')
        .where(sql`lower(email)`, '=', 'late@example.org')
        .execute(),
    ).toEqual([])
    const unknown = await app.inject({
      method: 'GET',
      url: `/api/v1/invitations/${'x'.repeat(43)}`,
    })
    expect(unknown.statusCode).toBe(404)
  })

  it('refuses a weak password and stores nothing', async ({ app, mailbox }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: bearer(tokenFor(app, admin)),
      payload: {
        email: 'jovana.petrovic@example.org',
        name: 'Jovana Petrović',
        roles: ['learner'],
      },
    })
    const token = tokenOf(
      linkIn(await deliveredTo(app, mailbox, 'jovana.petrovic@example.org'), '/invitations/'),
    )
    for (const [password, reason, detail] of [
      ['short', 'too-short', 'must be at least 12 characters long'],
      [
        'Jovana-is-my-password',
        'personal-information',
        'must not contain your name or e-mail address',
      ],
      [
        'xx jovana.petrovic yy',
        'personal-information',
        'must not contain your name or e-mail address',
      ],
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/invitations/${token}/accept`,
        payload: { password },
      })
      expect(response.statusCode).toBe(400)
      expect(response.json().errors).toEqual([{ pointer: '/body/password', reason, detail }])
    }
    expect(
      await app.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'jovana.petrovic@example.org')
        .execute(),
    ).toEqual([])
    const pending = await app.db
      .selectFrom('invitations')
      .select('acceptedAt')
      .where('email', '=', 'jovana.petrovic@example.org')
      .executeTakeFirstOrThrow()
    expect(pending.acceptedAt).toBeNull()
  })

  it('lets a coordinator invite learners into their own association only', async ({ app }) => {
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const token = tokenFor(app, coordinator)
    const own = await municipalityId(app, 'RS', 'Kragujevac')
    const other = await municipalityId(app, 'XK', 'Prishtinë')
    const invite = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/invitations', headers: bearer(token), payload })

    expect(
      (
        await invite({
          email: 'a@example.org',
          name: 'A Learner',
          roles: ['learner'],
          municipalityId: own,
        })
      ).statusCode,
    ).toBe(201)
    expect(
      (
        await invite({
          email: 'b@example.org',
          name: 'B Learner',
          roles: ['learner'],
          associationId: await associationId(app, 'skgo'),
        })
      ).statusCode,
    ).toBe(201)

    const outside = await invite({
      email: 'c@example.org',
      name: 'C Learner',
      roles: ['learner'],
      municipalityId: other,
    })
    expect(outside.statusCode).toBe(403)
    expect(outside.json().errors).toEqual([
      {
        pointer: '/body/municipalityId',
        reason: 'not-allowed',
        detail: 'is outside your association',
      },
    ])
    const trainer = await invite({
      email: 'd@example.org',
      name: 'D Trainer',
      roles: ['trainer'],
      municipalityId: own,
    })
    expect(trainer.statusCode).toBe(403)
    const nowhere = await invite({ email: 'e@example.org', name: 'E Learner', roles: ['learner'] })
    expect(nowhere.statusCode).toBe(403)
    const stored = await app.db
      .selectFrom('invitations')
      .select('email')
      .where('invitedBy', '=', coordinator.id)
      .orderBy('email')
      .execute()
    expect(stored.map((row) => row.email)).toEqual(['a@example.org', 'b@example.org'])
  })

  it('refuses to invite someone who already has an account', async ({ app }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const existing = await createUser(app)
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: bearer(tokenFor(app, admin)),
      payload: { email: existing.email.toUpperCase(), name: 'X Y', roles: ['learner'] },
    })
    expect(response.statusCode).toBe(409)
  })

  it('bulk: checks every row, stores nothing while any is bad, then sends them all', async ({
    app,
    mailbox,
  }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const place = await municipalityId(app, 'SE', 'Göteborg')
    const bad = [
      'email,name,roles,municipality_id,position,language',
      `anna@example.org,Anna Lind,learner,${place},Handläggare,en`,
      `not-an-email,Bad Row,learner,${place},,`,
      `anna@example.org,Anna Again,learner,,,`,
      `karl@example.org,,wizard,,,`,
    ].join('\n')
    const count = async () =>
      Number(
        (
          await app.db
            .selectFrom('invitations')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await count()
    const outboxBefore = Number(
      (
        await app.db
          .selectFrom('outboxMessages')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

    for (const dryRun of [true, false]) {
      const report = await app.inject({
        method: 'POST',
        url: `/api/v1/invitations/bulk?dryRun=${dryRun}`,
        headers: bearer(tokenFor(app, admin)),
        payload: { csv: bad },
      })
      expect(report.statusCode).toBe(200)
      expect(report.json()).toEqual({
        dryRun,
        valid: false,
        created: 0,
        rows: [
          { line: 2, email: 'anna@example.org', ok: true, errors: [] },
          {
            line: 3,
            email: 'not-an-email',
            ok: false,
            errors: [
              { pointer: '/email', reason: 'format', detail: 'e-mail address is not valid' },
            ],
          },
          {
            line: 4,
            email: 'anna@example.org',
            ok: false,
            errors: [
              {
                pointer: '/email',
                reason: 'conflict',
                detail: 'e-mail address appears twice in the file',
              },
            ],
          },
          {
            line: 5,
            email: 'karl@example.org',
            ok: false,
            errors: [
              { pointer: '/name', reason: 'required', detail: 'name is empty' },
              { pointer: '/roles', reason: 'unknown-reference', detail: 'unknown role(s) wizard' },
            ],
          },
        ],
      })
    }
    expect(await count()).toBe(before)
    expect(
      Number(
        (
          await app.db
            .selectFrom('outboxMessages')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(outboxBefore)

    const good = [
      'email,name,roles,municipality_id',
      `anna@example.org,Anna Lind,learner,${place}`,
      `karl@example.org,Karl Berg,learner;trainer,${place}`,
    ].join('\n')
    const dry = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/bulk',
      headers: bearer(tokenFor(app, admin)),
      payload: { csv: good },
    })
    expect(dry.json()).toMatchObject({ dryRun: true, valid: true, created: 0 })
    expect(await count()).toBe(before)
    const sent = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/bulk?dryRun=false',
      headers: bearer(tokenFor(app, admin)),
      payload: { csv: good },
    })
    expect(sent.json()).toMatchObject({ dryRun: false, valid: true, created: 2 })
    expect(await count()).toBe(before + 2)
    expect(linkIn(await deliveredTo(app, mailbox, 'karl@example.org'), '/invitations/')).toMatch(
      /\/invitations\/[\w-]{43}$/,
    )
  })

  it('rejects CSV that cannot be parsed, naming the line', async ({ app }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/bulk',
      headers: bearer(tokenFor(app, admin)),
      payload: { csv: 'email,name,roles\n"broken,quote,learner\n' },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors[0].pointer).toBe('/body/csv')
    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/bulk',
      headers: bearer(tokenFor(app, admin)),
      payload: { csv: 'email,name\nx@example.org,X\n' },
    })
    expect(missing.json().errors).toEqual([
      { pointer: '/body/csv', reason: 'format', detail: 'line 1: missing column(s) roles' },
    ])
  })
})
