import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics } from '../testing/learning.ts'

const base = '/api/v1/learning-clusters'

describe('members from CSV', () => {
  it('checks every row first, stores nothing if one is wrong, then imports and enrols', async ({
    app,
  }) => {
    await importCivicBasics(app)
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const headers = bearer(tokenFor(app, coordinator))
    const cluster = await app.inject({
      method: 'POST',
      url: base,
      headers,
      payload: {
        name: 'Imported',
        startsOn: '2027-01-10',
        endsOn: '2027-01-20',
        capacity: 3,
        courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
      },
    })
    const id = cluster.json().id as string
    await app.inject({
      method: 'PUT',
      url: `${base}/${id}/status`,
      headers,
      payload: { status: 'running' },
    })
    const first = await createUser(app, { association: 'skgo' })
    const second = await createUser(app, { municipality: { country: 'RS', name: 'Kragujevac' } })
    const foreign = await createUser(app, { association: 'zels' })
    const members = () =>
      app.db
        .selectFrom('clusterMembers')
        .select(['userId', 'source'])
        .where('clusterId', '=', id)
        .execute()

    const bad = await app.inject({
      method: 'POST',
      url: `${base}/${id}/members/import?dryRun=false`,
      headers,
      payload: {
        csv: `email\n${first.email.toUpperCase()}\n${foreign.email}\n${first.email}\n`,
      },
    })
    expect(bad.statusCode, bad.body).toBe(200)
    expect(bad.json()).toMatchObject({
      dryRun: false,
      valid: false,
      created: 0,
      rows: [
        { line: 2, ok: true, errors: [] },
        { line: 3, ok: false, errors: [{ pointer: '/email', reason: 'unknown-reference' }] },
        { line: 4, ok: false, errors: [{ pointer: '/email', reason: 'conflict' }] },
      ],
    })
    expect(await members()).toEqual([])

    const csv = `email\n${first.email}\n${second.email}\n`
    const dry = await app.inject({
      method: 'POST',
      url: `${base}/${id}/members/import`,
      headers,
      payload: { csv },
    })
    expect(dry.json()).toMatchObject({ dryRun: true, valid: true, created: 0 })
    expect(await members()).toEqual([])

    const done = await app.inject({
      method: 'POST',
      url: `${base}/${id}/members/import?dryRun=false`,
      headers,
      payload: { csv },
    })
    expect(done.json()).toMatchObject({ dryRun: false, valid: true, created: 2 })
    expect(await members()).toEqual(
      expect.arrayContaining([
        { userId: first.id, source: 'import' },
        { userId: second.id, source: 'import' },
      ]),
    )
    const enrolments = await app.db
      .selectFrom('enrolments')
      .select('userId')
      .where('clusterId', '=', id)
      .execute()
    expect(enrolments).toHaveLength(2)

    const again = await app.inject({
      method: 'POST',
      url: `${base}/${id}/members/import?dryRun=false`,
      headers,
      payload: { csv: `email\n${first.email}\n` },
    })
    expect(again.json().rows[0].errors).toEqual([
      expect.objectContaining({ pointer: '/email', reason: 'conflict' }),
    ])
    const columns = await app.inject({
      method: 'POST',
      url: `${base}/${id}/members/import`,
      headers,
      payload: { csv: `email,phone\n${first.email},1\n` },
    })
    expect(columns.statusCode).toBe(400)
    expect(columns.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/csv', reason: 'unknown-field' }),
    ])
  })
})
