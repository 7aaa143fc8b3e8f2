import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'

// A bulk row must pass the rule the single invitation and sign-in apply to an address (EmailSchema),
// or the person it invites could accept and never sign in.

describe('bulk invitation addresses', () => {
  it('refuses in a CSV row every address the API refuses, and stores nothing', async ({ app }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const addresses = ['šef@example.rs', 'İvan@example.rs', 'someone@localhost', 'a..b@example.org']
    for (const email of addresses) {
      const single = await app.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        headers: bearer(tokenFor(app, admin)),
        payload: { email, name: 'Some One', roles: ['learner'] },
      })
      expect(single.statusCode).toBe(400)
      const bulk = await app.inject({
        method: 'POST',
        url: '/api/v1/invitations/bulk?dryRun=false',
        headers: bearer(tokenFor(app, admin)),
        payload: { csv: `email,name,roles\n${email},Some One,learner\n` },
      })
      expect(bulk.json()).toEqual({
        dryRun: false,
        valid: false,
        created: 0,
        rows: [
          {
            line: 2,
            email,
            ok: false,
            errors: [
              { pointer: '/email', reason: 'format', detail: 'e-mail address is not valid' },
            ],
          },
        ],
      })
    }
    const stored = await app.db.selectFrom('invitations').select('email').execute()
    expect(stored).toEqual([])

    const good = "Anna.O'Neil+agora@Mail.Example.org"
    const dry = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/bulk',
      headers: bearer(tokenFor(app, admin)),
      payload: { csv: `email,name,roles\n${good},Anna O'Neil,learner\n` },
    })
    expect(dry.json()).toMatchObject({ valid: true })
    const single = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: bearer(tokenFor(app, admin)),
      payload: { email: good, name: "Anna O'Neil", roles: ['learner'] },
    })
    expect(single.statusCode).toBe(201)
  })
})
