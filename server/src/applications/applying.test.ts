import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { moveDeadline, openCall } from '../testing/applications.ts'
import {
  associationId,
  bearer,
  createUser,
  municipalityId,
  type TestUser,
  tokenFor,
} from '../testing/factories.ts'

const as = (app: FastifyInstance, user: TestUser) => bearer(tokenFor(app, user))
const url = (callId: string, rest = '') => `/api/v1/calls/${callId}/application${rest}`

const applicationCount = async (app: FastifyInstance, callId: string) =>
  Number(
    (
      await app.db
        .selectFrom('applications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('callId', '=', callId)
        .executeTakeFirstOrThrow()
    ).n,
  )

const person = (app: FastifyInstance, name = 'Kragujevac') =>
  createUser(app, { municipality: { country: 'RS', name } })

const complete = {
  answers: { motivation: 'I run the Roma inclusion office.', 'council-membership': true },
  candidates: [
    {
      position: 'officer',
      languages: ['sr', 'hu'],
      answers: {},
      declared: { gender: 'woman' },
    },
  ],
}

describe('applying to a call', () => {
  it('saves an incomplete draft, refuses to submit it with pointers, submits once under one Idempotency-Key', async ({
    app,
  }) => {
    const { callId } = await openCall(app)
    const applicant = await person(app)
    const headers = as(app, applicant)

    const none = await app.inject({ method: 'GET', url: url(callId), headers })
    expect(none.statusCode).toBe(404)

    const draft = await app.inject({
      method: 'PUT',
      url: url(callId),
      headers,
      payload: { candidates: [{ languages: ['sr'] }] },
    })
    expect(draft.statusCode, draft.body).toBe(200)
    expect(draft.json()).toMatchObject({
      status: 'draft',
      editable: true,
      municipality: { name: 'Kragujevac', countryCode: 'RS' },
      candidates: [{ name: applicant.name, email: applicant.email, decision: 'pending' }],
    })

    const incomplete = await app.inject({
      method: 'POST',
      url: url(callId, '/submission'),
      headers,
    })
    expect(incomplete.statusCode, incomplete.body).toBe(400)
    expect(incomplete.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/body/answers/motivation', reason: 'required' }),
        expect.objectContaining({ pointer: '/body/candidates/0/position', reason: 'required' }),
      ]),
    )
    expect((await app.inject({ method: 'GET', url: url(callId), headers })).json().status).toBe(
      'draft',
    )

    const keyed = { ...headers, 'idempotency-key': 'submit-1' }
    const first = await app.inject({
      method: 'POST',
      url: url(callId, '/submission'),
      headers: keyed,
      payload: complete,
    })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toMatchObject({ status: 'submitted', answers: complete.answers })
    expect(first.headers['idempotent-replayed']).toBeUndefined()

    const again = await app.inject({
      method: 'POST',
      url: url(callId, '/submission'),
      headers: keyed,
      payload: complete,
    })
    expect(again.statusCode).toBe(200)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json()).toEqual(first.json())
    expect(await applicationCount(app, callId)).toBe(1)
    const audits = await app.db
      .selectFrom('auditEvents')
      .select('action')
      .where('action', '=', 'application.submitted')
      .execute()
    expect(audits).toHaveLength(1)

    const otherBody = await app.inject({
      method: 'POST',
      url: url(callId, '/submission'),
      headers: keyed,
      payload: { ...complete, answers: { motivation: 'Something else' } },
    })
    expect(otherBody.statusCode).toBe(422)
    expect(otherBody.json().type).toBe('/problems/idempotency-mismatch')

    const unkeyed = await app.inject({
      method: 'POST',
      url: url(callId, '/submission'),
      headers,
      payload: {},
    })
    expect(unkeyed.statusCode).toBe(409)

    const mine = await app.inject({ method: 'GET', url: '/api/v1/me/applications', headers })
    expect(mine.json()).toMatchObject({
      total: 1,
      items: [{ callId, role: 'applicant', status: 'submitted', candidates: [{ isMe: true }] }],
    })
  })

  it('refuses answers the form does not allow, each with its pointer, and stores nothing', async ({
    app,
  }) => {
    const { callId } = await openCall(app, {
      eligibleCountries: ['RS'],
      eligiblePositions: ['officer', 'mayor'],
    })
    const headers = as(app, await person(app))
    const bad = await app.inject({
      method: 'PUT',
      url: url(callId),
      headers,
      payload: {
        answers: {
          'no-such-question': 'x',
          'council-membership': 'yes',
          years: 61,
          experience: 'lots',
        },
        candidates: [
          {
            position: 'driver',
            languages: ['de'],
            declared: { gender: 'unknown', religion: 'none' },
            name: 'Someone Else',
          },
        ],
      },
    })
    expect(bad.statusCode, bad.body).toBe(400)
    expect(bad.headers['content-type']).toContain('application/problem+json')
    const errors = bad
      .json()
      .errors.map((e: { pointer: string; reason: string }) => `${e.pointer} ${e.reason}`)
    expect(errors).toEqual(
      expect.arrayContaining([
        '/body/answers/no-such-question unknown-field',
        '/body/answers/council-membership type',
        '/body/answers/years too-large',
        '/body/answers/experience not-allowed',
        '/body/candidates/0/position not-allowed',
        '/body/candidates/0/languages/0 not-allowed',
        '/body/candidates/0/declared/gender not-allowed',
        '/body/candidates/0/declared/religion unknown-field',
        '/body/candidates/0/name not-allowed',
      ]),
    )
    expect(await applicationCount(app, callId)).toBe(0)

    const { callId: numbers } = await openCall(app)
    const fraction = await app.inject({
      method: 'PUT',
      url: url(numbers),
      headers,
      payload: { answers: { years: 2.5 }, candidates: [{}] },
    })
    expect(fraction.json().errors[0]).toMatchObject({
      pointer: '/body/answers/years',
      reason: 'type',
    })
    expect(await applicationCount(app, numbers)).toBe(0)
  })

  it('checks who may apply: the municipality must be in an admitted country and be the applicant’s own', async ({
    app,
  }) => {
    const { callId } = await openCall(app, { eligibleCountries: ['SE'] })
    const serbian = await person(app)
    const refused = await app.inject({
      method: 'PUT',
      url: url(callId),
      headers: as(app, serbian),
      payload: { candidates: [{}] },
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors[0]).toMatchObject({ pointer: '/body', reason: 'not-allowed' })
    const elsewhere = await app.inject({
      method: 'PUT',
      url: url(callId),
      headers: as(app, serbian),
      payload: { municipalityId: await municipalityId(app, 'SE', 'Malmö'), candidates: [{}] },
    })
    expect(elsewhere.json().errors[0]).toMatchObject({
      pointer: '/body/municipalityId',
      reason: 'conflict',
    })
    // Someone without a municipality names theirs.
    const unplaced = await createUser(app)
    const named = await app.inject({
      method: 'PUT',
      url: url(callId),
      headers: as(app, unplaced),
      payload: { municipalityId: await municipalityId(app, 'SE', 'Malmö'), candidates: [{}] },
    })
    expect(named.statusCode, named.body).toBe(200)
    expect(named.json().municipality).toMatchObject({ name: 'Malmö', countryCode: 'SE' })
    expect(await applicationCount(app, callId)).toBe(1)

    // Associations and municipalities restrict the same way.
    const { callId: zelsOnly } = await openCall(app, {
      eligibleAssociationIds: [await associationId(app, 'zels')],
    })
    const { callId: subotica } = await openCall(app, {
      eligibleMunicipalityIds: [await municipalityId(app, 'RS', 'Subotica')],
    })
    for (const [id, detail] of [
      [zelsOnly, 'is not in an association this call admits'],
      [subotica, 'is not one of the municipalities this call admits'],
    ] as const) {
      const response = await app.inject({
        method: 'PUT',
        url: url(id),
        headers: as(app, serbian),
        payload: { candidates: [{}] },
      })
      expect(response.json().errors).toEqual([{ pointer: '/body', reason: 'not-allowed', detail }])
      expect(await applicationCount(app, id)).toBe(0)
    }
  })

  it('a municipality nominates up to the call’s number of named officials, each once', async ({
    app,
  }) => {
    const { callId } = await openCall(app, { applicantKind: 'municipality', maxNominees: 2 })
    const headers = as(app, await person(app, 'Subotica'))
    const nominee = (i: number) => ({
      name: `Official ${i}`,
      email: `official${i}@subotica.example.org`,
      position: 'officer',
      languages: ['sr'],
    })
    const tooMany = await app.inject({
      method: 'PUT',
      url: url(callId),
      headers,
      payload: { candidates: [nominee(1), nominee(2), nominee(3)] },
    })
    expect(tooMany.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/candidates', reason: 'too-long' }),
    ])
    const twice = await app.inject({
      method: 'PUT',
      url: url(callId),
      headers,
      payload: {
        candidates: [nominee(1), { ...nominee(1), email: 'OFFICIAL1@subotica.example.org' }],
      },
    })
    expect(twice.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/candidates/1/email', reason: 'conflict' }),
    ])
    const unnamed = await app.inject({
      method: 'PUT',
      url: url(callId),
      headers,
      payload: { candidates: [{ position: 'officer' }] },
    })
    expect(unnamed.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/candidates/0/name',
      '/body/candidates/0/email',
    ])
    expect(await applicationCount(app, callId)).toBe(0)
    const submitted = await app.inject({
      method: 'POST',
      url: url(callId, '/submission'),
      headers,
      payload: {
        answers: { motivation: 'Two officials of our office.' },
        candidates: [nominee(1), nominee(2)],
      },
    })
    expect(submitted.statusCode, submitted.body).toBe(200)
    expect(submitted.json().candidates.map((c: { name: string }) => c.name)).toEqual([
      'Official 1',
      'Official 2',
    ])
  })

  it('after the deadline, changes and submissions are refused as deadline-passed; withdrawal still works', async ({
    app,
  }) => {
    const { callId } = await openCall(app)
    const headers = as(app, await person(app))
    const saved = await app.inject({ method: 'PUT', url: url(callId), headers, payload: complete })
    expect(saved.statusCode, saved.body).toBe(200)
    // The deadline's minute is still open; the next minute is not.
    await moveDeadline(app, callId, new Date(Date.now() - 30_000))
    expect(
      (await app.inject({ method: 'PUT', url: url(callId), headers, payload: complete }))
        .statusCode,
    ).toBe(200)
    await moveDeadline(app, callId, new Date(Date.now() - 61_000))
    const late = await app.inject({ method: 'PUT', url: url(callId), headers, payload: complete })
    expect(late.statusCode).toBe(409)
    expect(late.json()).toMatchObject({ type: '/problems/deadline-passed' })
    const lateSubmit = await app.inject({
      method: 'POST',
      url: url(callId, '/submission'),
      headers: { ...headers, 'idempotency-key': 'late' },
    })
    expect(lateSubmit.statusCode).toBe(409)
    expect(lateSubmit.json().type).toBe('/problems/deadline-passed')
    const view = await app.inject({ method: 'GET', url: url(callId), headers })
    expect(view.json()).toMatchObject({ status: 'draft', editable: false })
    const withdrawn = await app.inject({ method: 'POST', url: url(callId, '/withdrawal'), headers })
    expect(withdrawn.statusCode, withdrawn.body).toBe(200)
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' })
    expect(
      (await app.inject({ method: 'POST', url: url(callId, '/withdrawal'), headers })).statusCode,
    ).toBe(409)
  })

  it('a draft call does not exist for applicants', async ({ app }) => {
    const { callId } = await openCall(app)
    await app.db.updateTable('calls').set({ status: 'draft' }).where('id', '=', callId).execute()
    const response = await app.inject({
      method: 'PUT',
      url: url(callId),
      headers: as(app, await person(app)),
      payload: complete,
    })
    expect(response.statusCode).toBe(404)
    expect(await applicationCount(app, callId)).toBe(0)
  })
  it('two submissions at once with one key make one submission and the same answer', async ({
    app,
  }) => {
    const { callId } = await openCall(app)
    const headers = { ...as(app, await person(app)), 'idempotency-key': 'twice-at-once' }
    const send = () =>
      app.inject({ method: 'POST', url: url(callId, '/submission'), headers, payload: complete })
    const [one, two] = await Promise.all([send(), send()])
    expect([one.statusCode, two.statusCode]).toEqual([200, 200])
    expect(one.json()).toEqual(two.json())
    expect([one, two].filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(1)
    expect(await applicationCount(app, callId)).toBe(1)
  })
})
