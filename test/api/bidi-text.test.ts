import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../../server/src/testing/app.ts'
import { bearer, createUser, tokenFor } from '../../server/src/testing/factories.ts'
import { enrolledLearner, importCivicBasics } from '../../server/src/testing/learning.ts'

// Bidirectional embeddings, overrides and isolates (UAX #9: U+202A–U+202E, U+2066–U+2069) reorder
// what follows them: a name "Ana\u202Egnp.exe" reads as "Anaexe.png" in a list of people, an e-mail
// or the audit log. Single-line text (names, positions) refuses them, and line breaks; the marks
// (LRM, RLM, ALM) have no scope and stay allowed, as does long-form text.

const rlo = '\u202E'
const lri = '\u2066'
const pdi = '\u2069'

function expectInvalidText(response: LightMyRequestResponse, pointer: string): void {
  expect(response.statusCode, response.body).toBe(400)
  const body = response.json()
  expect(body.type).toBe('/problems/validation')
  // The first error of a field is the one a form shows; a nullable field adds its union's errors.
  expect(body.errors[0]).toMatchObject({ pointer, reason: 'invalid-text' })
  expect(body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(
    body.errors.map(() => pointer),
  )
}

const nameOf = async (app: FastifyInstance, id: string) =>
  (
    await app.db
      .selectFrom('users')
      .select(['name', 'position'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).name

describe('bidirectional overrides in single-line text', () => {
  it('a person’s name or position with an override or isolate is refused, and nothing stored', async ({
    app,
  }) => {
    const user = await createUser(app, { name: 'Ana Anić' })
    const headers = bearer(tokenFor(app, user))
    for (const name of [
      `Ana${rlo}gnp.exe`,
      `Ana ${lri}Anić${pdi}`,
      'Ana\u202AX',
      'Ana\u202DX',
      'Ana\u2068X',
      'Ana\nAnić',
    ]) {
      expectInvalidText(
        await app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { name } }),
        '/body/name',
      )
    }
    expectInvalidText(
      await app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers,
        payload: { position: `Mayor${rlo}` },
      }),
      '/body/position',
    )
    const stored = await app.db
      .selectFrom('users')
      .select(['name', 'position'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ name: 'Ana Anić', position: null })
  })

  it('direction marks are kept: a right-to-left name may need them', async ({ app }) => {
    const user = await createUser(app)
    const headers = bearer(tokenFor(app, user))
    const name = 'علي\u200F 2 \u200Eأحمد\u061C'
    const saved = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers,
      payload: { name },
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(await nameOf(app, user.id)).toBe(name)
  })

  it('an invitation’s name or position, and a municipality’s names, are refused the same way', async ({
    app,
  }) => {
    const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    for (const [field, value] of [
      ['name', `Mallory${rlo}nimda`],
      ['position', `${lri}Mayor`],
    ] as const) {
      expectInvalidText(
        await app.inject({
          method: 'POST',
          url: '/api/v1/invitations',
          headers: admin,
          payload: { email: 'bidi@example.org', name: 'Bidi', roles: ['learner'], [field]: value },
        }),
        `/body/${field}`,
      )
    }
    expect(
      await app.db
        .selectFrom('invitations')
        .select('id')
        .where('email', '=', 'bidi@example.org')
        .execute(),
    ).toEqual([])

    for (const [payload, pointer] of [
      [{ countryCode: 'RS', name: `Bidigrad${rlo}` }, '/body/name'],
      [{ countryCode: 'RS', name: 'Bidigrad', altNames: [`${lri}Bidi`] }, '/body/altNames/0'],
    ] as const) {
      expectInvalidText(
        await app.inject({
          method: 'POST',
          url: '/api/v1/municipalities',
          headers: admin,
          payload,
        }),
        pointer,
      )
    }
    expect(
      await app.db
        .selectFrom('municipalities')
        .select('id')
        .where('name', 'like', 'Bidi%')
        .execute(),
    ).toEqual([])
  })

  it('a municipality import refuses a row whose name has one, and stores nothing', async ({
    app,
  }) => {
    const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    const csv = `country,association,code,name,alt_names\nSE,skr,,Rtl${rlo}by,\nSE,skr,,Rtlort,Rtl${lri}ort\n`
    const report = await app.inject({
      method: 'POST',
      url: '/api/v1/municipalities/import?dryRun=false',
      headers: admin,
      payload: { csv },
    })
    expect(report.statusCode, report.body).toBe(200)
    expect(report.json()).toMatchObject({
      valid: false,
      created: 0,
      rows: [
        { line: 2, ok: false, errors: [{ pointer: '/name', reason: 'invalid-text' }] },
        { line: 3, ok: false, errors: [{ pointer: '/alt_names', reason: 'invalid-text' }] },
      ],
    })
    expect(
      await app.db
        .selectFrom('municipalities')
        .select('id')
        .where('name', 'like', 'Rtl%')
        .execute(),
    ).toEqual([])
  })

  it('a bulk invitation refuses a row whose name or position has one, and stores nothing', async ({
    app,
  }) => {
    const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    const csv = `email,name,roles,position\nrtl1@example.org,Mallory${rlo}nimda,learner,\nrtl2@example.org,Ana,learner,${lri}Mayor\n`
    const report = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/bulk?dryRun=false',
      headers: admin,
      payload: { csv },
    })
    expect(report.statusCode, report.body).toBe(200)
    expect(report.json()).toMatchObject({
      valid: false,
      created: 0,
      rows: [
        { line: 2, ok: false, errors: [{ pointer: '/name', reason: 'invalid-text' }] },
        { line: 3, ok: false, errors: [{ pointer: '/position', reason: 'invalid-text' }] },
      ],
    })
    expect(
      await app.db
        .selectFrom('invitations')
        .select('id')
        .where('email', 'like', 'rtl%@example.org')
        .execute(),
    ).toEqual([])
  })

  it('long-form text keeps isolates: prose in a right-to-left script may use them', async ({
    app,
  }) => {
    await importCivicBasics(app)
    const learner = await enrolledLearner(app, { read: true })
    const reason = `السبب ${lri}Agora 2.0${pdi} لا يناسبني`
    const withdrawn = await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${learner.enrolmentId}/withdrawal`,
      headers: learner.headers,
      payload: { reason },
    })
    expect(withdrawn.statusCode, withdrawn.body).toBe(200)
    const trainer = bearer(tokenFor(app, await createUser(app, { roles: ['trainer'] })))
    const preview = await app.inject({
      method: 'POST',
      url: '/api/v1/module-previews',
      headers: trainer,
      payload: { markdown: `# ${lri}عنوان${pdi}\n\nنص` },
    })
    expect(preview.statusCode, preview.body).toBe(200)
  })
})
