import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, municipalityId, tokenFor } from '../testing/factories.ts'
import { loadReferenceOrganisations } from './reference.ts'

describe('reference data', () => {
  it('ships the municipalities of each country and their associations', async ({ app }) => {
    const counts = await app.db
      .selectFrom('municipalities')
      .select(['countryCode', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('countryCode')
      .execute()
    expect(Object.fromEntries(counts.map((row) => [row.countryCode, Number(row.n)]))).toEqual({
      RS: 145,
      MK: 81,
      XK: 38,
      AL: 61,
      BA: 145,
      ME: 25,
      SE: 290,
    })
    const associations = (await app.inject({ method: 'GET', url: '/api/v1/associations' })).json()
    expect(associations.map((a: { slug: string }) => a.slug).sort()).toEqual([
      'akm',
      'alvrs',
      'nalas',
      'shav',
      'skgo',
      'skr',
      'sogfbih',
      'zels',
      'zocg',
    ])
    const stockholm = (
      await app.inject({ method: 'GET', url: '/api/v1/municipalities?country=SE&q=stockholm' })
    ).json()
    expect(stockholm.items).toEqual([
      expect.objectContaining({
        name: 'Stockholm',
        officialCode: '0180',
        association: { slug: 'skr', acronym: 'SKR' },
      }),
    ])
  })

  it('loading again adds nothing', async ({ app }) => {
    expect(await loadReferenceOrganisations(app.db)).toEqual({ added: 0 })
  })

  it('finds municipalities by an alternative name and filters by association', async ({ app }) => {
    const byAlt = (
      await app.inject({ method: 'GET', url: '/api/v1/municipalities?q=Szabadka' })
    ).json()
    expect(byAlt.items.map((m: { name: string }) => m.name)).toEqual(['Subotica'])
    const zels = (
      await app.inject({ method: 'GET', url: '/api/v1/municipalities?association=zels&limit=100' })
    ).json()
    expect(zels.total).toBe(81)
    const bad = await app.inject({ method: 'GET', url: '/api/v1/municipalities?country=serbia' })
    expect(bad.statusCode).toBe(400)
  })
})

describe('administration', () => {
  it('adds a municipality and refuses a duplicate', async ({ app }) => {
    const headers = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    const payload = {
      countryCode: 'ME',
      name: 'Test Opština',
      associationSlug: 'zocg',
      altNames: ['Тест Општина'],
    }
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/municipalities',
      headers,
      payload,
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({
      name: 'Test Opština',
      altNames: ['Тест Општина'],
      association: { slug: 'zocg' },
    })
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/municipalities', headers, payload }))
        .statusCode,
    ).toBe(409)
    const unknownCountry = await app.inject({
      method: 'POST',
      url: '/api/v1/municipalities',
      headers,
      payload: { countryCode: 'FR', name: 'Paris' },
    })
    expect(unknownCountry.json().errors).toEqual([
      { pointer: '/body/countryCode', reason: 'unknown-reference', detail: 'no country FR' },
    ])
  })

  it('merges a duplicate: people move, the name is kept as an alternative', async ({ app }) => {
    const headers = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    const duplicate = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/municipalities',
        headers,
        payload: { countryCode: 'RS', name: 'Kraguevac' },
      })
    ).json()
    const person = await createUser(app, { municipality: { country: 'RS', name: 'Kraguevac' } })
    const target = await municipalityId(app, 'RS', 'Kragujevac')
    const merged = await app.inject({
      method: 'POST',
      url: `/api/v1/municipalities/${duplicate.id}/merge`,
      headers,
      payload: { intoId: target },
    })
    expect(merged.statusCode).toBe(200)
    expect(merged.json().altNames).toContain('Kraguevac')
    const moved = await app.db
      .selectFrom('users')
      .select('municipalityId')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(moved.municipalityId).toBe(target)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/municipalities/${duplicate.id}/merge`,
          headers,
          payload: { intoId: target },
        })
      ).statusCode,
    ).toBe(404)
  })

  it('imports CSV after a dry run, and stores nothing while any row is bad', async ({ app }) => {
    const headers = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    const before = Number(
      (
        await app.db
          .selectFrom('municipalities')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    const bad =
      'country,association,code,name,alt_names\nSE,skr,9999,Nyby,\nSE,skr,0180,Stockholm,\nZZ,,,Nowhere,\nSE,nope,,Other,\n'
    const report = await app.inject({
      method: 'POST',
      url: '/api/v1/municipalities/import?dryRun=false',
      headers,
      payload: { csv: bad },
    })
    expect(report.json()).toEqual({
      dryRun: false,
      valid: false,
      created: 0,
      rows: [
        { line: 2, name: 'Nyby', ok: true, errors: [] },
        {
          line: 3,
          name: 'Stockholm',
          ok: false,
          errors: [
            { pointer: '/name', reason: 'conflict', detail: '"Stockholm" exists already in SE' },
            { pointer: '/code', reason: 'conflict', detail: 'code 0180 exists already in SE' },
          ],
        },
        {
          line: 4,
          name: 'Nowhere',
          ok: false,
          errors: [
            { pointer: '/country', reason: 'unknown-reference', detail: 'unknown country "ZZ"' },
          ],
        },
        {
          line: 5,
          name: 'Other',
          ok: false,
          errors: [
            {
              pointer: '/association',
              reason: 'unknown-reference',
              detail: 'unknown association "nope"',
            },
          ],
        },
      ],
    })
    const count = async () =>
      Number(
        (
          await app.db
            .selectFrom('municipalities')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    expect(await count()).toBe(before)
    const good = 'country,association,code,name,alt_names\nSE,skr,9999,Nyby,Ny by|Newtown\n'
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/municipalities/import',
          headers,
          payload: { csv: good },
        })
      ).json(),
    ).toMatchObject({ dryRun: true, valid: true, created: 0 })
    expect(await count()).toBe(before)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/municipalities/import?dryRun=false',
          headers,
          payload: { csv: good },
        })
      ).json(),
    ).toMatchObject({ created: 1 })
    expect(await count()).toBe(before + 1)
  })
})
