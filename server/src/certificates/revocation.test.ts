import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { issuedCertificate } from '../testing/certificates.ts'
import { associationId, bearer, createUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics } from '../testing/learning.ts'
import { clusterOf } from '../testing/surveys.ts'

/** A certificate issued by skgo (the learner's cluster), and a caller of each kind. */
async function setUp(app: FastifyInstance) {
  await importCivicBasics(app)
  const clusterId = await clusterOf(app, 'skgo')
  const { learner, code } = await issuedCertificate(app, { association: 'skgo', clusterId })
  const as = async (roles: ('learner' | 'coordinator' | 'admin')[], association?: string) =>
    bearer(tokenFor(app, await createUser(app, { roles, ...(association ? { association } : {}) })))
  return {
    learner,
    code,
    holder: learner.headers,
    coordinator: await as(['coordinator'], 'skgo'),
    otherCoordinator: await as(['coordinator'], 'zels'),
    stranger: await as(['learner'], 'skgo'),
    admin: await as(['admin']),
  }
}

const revocationsOf = (app: FastifyInstance) =>
  app.db
    .selectFrom('auditEvents')
    .select('details')
    .where('action', '=', 'certificate.revoked')
    .execute()

describe('who sees a certificate', { timeout: 120_000 }, () => {
  it("its holder, the issuing association's coordinators and admins; 404 for anyone else", async ({
    app,
  }) => {
    const fx = await setUp(app)
    for (const path of ['', '/credential']) {
      const get = (headers: Record<string, string>) =>
        app.inject({ method: 'GET', url: `/api/v1/certificates/${fx.code}${path}`, headers })
      for (const headers of [fx.holder, fx.coordinator, fx.admin])
        expect((await get(headers)).statusCode, path).toBe(200)
      for (const headers of [fx.otherCoordinator, fx.stranger]) {
        const response = await get(headers)
        expect(response.statusCode, path).toBe(404)
        expect(response.json().type).toBe('/problems/not-found')
      }
    }
  })

  it("the staff list: coordinators their association's, admins all, searched by code or name", async ({
    app,
  }) => {
    const fx = await setUp(app)
    const list = (headers: Record<string, string>, query = '') =>
      app.inject({ method: 'GET', url: `/api/v1/certificates${query}`, headers })
    const mine = (await list(fx.coordinator)).json()
    expect(mine.items.map((item: { code: string }) => item.code)).toContain(fx.code)
    expect((await list(fx.otherCoordinator)).json()).toMatchObject({ items: [], total: 0 })
    const byName = (await list(fx.admin, `?q=${encodeURIComponent(fx.learner.user.name)}`)).json()
    expect(byName.items).toEqual([expect.objectContaining({ code: fx.code, status: 'valid' })])
    expect((await list(fx.admin, `?q=${fx.code.slice(0, 6)}`)).json().total).toBe(1)
    expect((await list(fx.holder)).statusCode).toBe(403)
    // An admin may narrow to one association; a coordinator's own is kept whatever they ask.
    const zels = await associationId(app, 'zels')
    expect((await list(fx.admin, `?association=${zels}`)).json().total).toBe(0)
    expect((await list(fx.coordinator, `?association=${zels}`)).json().total).toBe(mine.total)
  })
})

describe('revocation', { timeout: 120_000 }, () => {
  it('takes a reason, is audited, and a second one is a conflict', async ({ app }) => {
    const fx = await setUp(app)
    const revoke = (headers: Record<string, string>, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/certificates/${fx.code}/revocation`,
        headers,
        payload: payload as object,
      })
    for (const payload of [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(501) },
      { reason: 'fine', extra: true },
    ]) {
      const response = await revoke(fx.coordinator, payload)
      expect(response.statusCode, JSON.stringify(payload)).toBe(400)
      expect(response.json().errors[0].pointer).toMatch(/^\/body/)
    }
    expect((await revoke(fx.holder, { reason: 'mine' })).statusCode).toBe(403)
    expect((await revoke(fx.otherCoordinator, { reason: 'theirs' })).statusCode).toBe(404)
    const untouched = await app.db
      .selectFrom('certificates')
      .select(['revokedAt', 'revokedReason'])
      .where('code', '=', fx.code)
      .executeTakeFirstOrThrow()
    expect(untouched).toEqual({ revokedAt: null, revokedReason: null })
    expect(await revocationsOf(app)).toEqual([])

    const done = await revoke(fx.coordinator, { reason: 'Completed by someone else' })
    expect(done.statusCode).toBe(200)
    expect(done.json()).toMatchObject({
      status: 'revoked',
      revokedReason: 'Completed by someone else',
    })
    expect(await revocationsOf(app)).toEqual([
      { details: { code: fx.code, reason: 'Completed by someone else' } },
    ])
    const again = await revoke(fx.admin, { reason: 'Twice' })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ type: '/problems/conflict', reason: 'revoked' })
    expect(await revocationsOf(app)).toHaveLength(1)
  })
})

describe('re-issue', { timeout: 120_000 }, () => {
  it('gives a new code under the corrected name; the old one is replaced and its bit set', async ({
    app,
  }) => {
    const fx = await setUp(app)
    const reissue = (code: string, learnerName: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/certificates/${code}/reissue`,
        headers: fx.coordinator,
        payload: { learnerName },
      })
    const bad = await reissue(fx.code, '')
    expect(bad.statusCode).toBe(400)
    const response = await reissue(fx.code, 'Milica Ispravljena')
    expect(response.statusCode).toBe(201)
    const fresh = response.json()
    expect(fresh).toMatchObject({ status: 'valid', learnerName: 'Milica Ispravljena' })
    expect(fresh.code).not.toBe(fx.code)

    const old = await app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${fx.code}/verification`,
    })
    expect(old.json()).toMatchObject({ status: 'replaced', replacedBy: fresh.code })
    const now = await app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${fresh.code}/verification`,
    })
    expect(now.json()).toMatchObject({ status: 'valid', learnerName: 'Milica Ispravljena' })

    const rows = await app.db
      .selectFrom('certificates')
      .select(['code', 'issueNumber', 'statusIndex', 'revokedReason', 'replacedById', 'id'])
      .where('enrolmentId', '=', fx.learner.enrolmentId)
      .orderBy('issueNumber')
      .execute()
    expect(rows.map((row) => [row.issueNumber, row.revokedReason])).toEqual([
      [1, 'replaced'],
      [2, null],
    ])
    expect(rows[0]!.replacedById).toBe(rows[1]!.id)
    expect(rows[0]!.statusIndex).not.toBe(rows[1]!.statusIndex)

    // The old credential now reports revoked through the status list.
    const verified = await app.inject({
      method: 'POST',
      url: '/api/v1/credential-verifications',
      payload: {
        credential: (
          await app.db
            .selectFrom('certificates')
            .select('credential')
            .where('code', '=', fx.code)
            .executeTakeFirstOrThrow()
        ).credential!,
      },
    })
    expect(verified.json().result).toBe('revoked')

    const audit = await app.db
      .selectFrom('auditEvents')
      .select('details')
      .where('action', '=', 'certificate.reissued')
      .execute()
    expect(audit).toEqual([{ details: { code: fx.code, newCode: fresh.code } }])
    // The learner's list names the newest certificate.
    const enrolments = await app.inject({
      method: 'GET',
      url: '/api/v1/enrolments',
      headers: fx.holder,
    })
    expect(enrolments.json().items[0].certificate).toEqual({ code: fresh.code, status: 'valid' })

    const twice = await reissue(fx.code, 'Again')
    expect(twice.statusCode).toBe(409)
    expect(twice.json().reason).toBe('replaced')
    const revokeReplaced = await app.inject({
      method: 'POST',
      url: `/api/v1/certificates/${fx.code}/revocation`,
      headers: fx.admin,
      payload: { reason: 'no' },
    })
    expect(revokeReplaced.statusCode).toBe(409)
  })
})

describe('public routes under load', { timeout: 120_000 }, () => {
  it('the verification takes 60 a minute from one address, then 429', async ({ app }) => {
    const from = (remoteAddress: string) =>
      app.inject({
        method: 'GET',
        url: '/api/v1/certificates/ZZZZ-ZZZZ-ZZZZ/verification',
        remoteAddress,
      })
    const statuses = []
    for (let i = 0; i < 61; i++) statuses.push((await from('192.0.2.61')).statusCode)
    expect(statuses.slice(0, 60).every((status) => status === 404)).toBe(true)
    expect(statuses[60]).toBe(429)
    // Another address is counted on its own.
    expect((await from('192.0.2.62')).statusCode).toBe(404)
  })
})
