import { gunzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { issuedCertificate } from '../testing/certificates.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics } from '../testing/learning.ts'
import { payloadOf } from './credential.ts'
import { statusListSize } from './status.ts'

async function adminHeaders(app: FastifyInstance) {
  return bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
}

const verify = (app: FastifyInstance, code: string) =>
  app.inject({ method: 'GET', url: `/api/v1/certificates/${code}/verification` })

async function statusIndexOf(app: FastifyInstance, code: string) {
  const row = await app.db
    .selectFrom('certificates')
    .select('statusIndex')
    .where('code', '=', code)
    .executeTakeFirstOrThrow()
  return row.statusIndex
}

/** The bit of a status index in the published list, read as a verifier would. */
async function publishedBit(app: FastifyInstance, statusIndex: number): Promise<number> {
  const list = Math.floor(statusIndex / statusListSize)
  const response = await app.inject({ method: 'GET', url: `/api/v1/credentials/status/${list}` })
  expect(response.statusCode).toBe(200)
  expect(response.headers['content-type']).toMatch(/^application\/vc\+jwt/)
  expect(response.headers['cache-control']).toBe('public, max-age=300')
  const subject = payloadOf(response.body).credentialSubject as { encodedList: string }
  expect(subject.encodedList.startsWith('u')).toBe(true)
  const bits = gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url'))
  expect(bits.length).toBe(statusListSize / 8)
  const bit = statusIndex % statusListSize
  return (bits[bit >> 3]! >> (7 - (bit & 7))) & 1
}

const revoke = async (app: FastifyInstance, code: string, reason = 'Issued in error') =>
  app.inject({
    method: 'POST',
    url: `/api/v1/certificates/${code}/revocation`,
    headers: await adminHeaders(app),
    payload: { reason },
  })

describe('public verification', { timeout: 120_000 }, () => {
  it('says valid with name, course, date, issuer and hours, and nothing else', async ({ app }) => {
    await importCivicBasics(app)
    const { learner, code } = await issuedCertificate(app)
    const response = await verify(app, code)
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(Object.keys(body).sort()).toEqual(
      [
        'status',
        'code',
        'learnerName',
        'courseTitle',
        'courseVersion',
        'completedOn',
        'issuer',
        'hours',
      ].sort(),
    )
    expect(body).toMatchObject({
      status: 'valid',
      code,
      learnerName: learner.user.name,
      courseVersion: 1,
      issuer: { name: 'Agora' },
    })
    expect(body.completedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(response.body).not.toContain(learner.user.email)
    expect(response.body).not.toContain(learner.user.id)
    // A code as typed: lower case, no hyphens, O for 0 and I or L for 1.
    const typed = code.replace(/-/g, '').toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l')
    expect((await verify(app, typed)).json().code).toBe(code)
  })

  it('an unknown code and a malformed one are 404', async ({ app }) => {
    for (const code of ['ZZZZ-ZZZZ-ZZZZ', 'nothing-like-a-code', 'UUUU-UUUU-UUUU']) {
      const response = await verify(app, code)
      expect(response.statusCode).toBe(404)
      expect(response.json().type).toBe('/problems/not-found')
    }
  })

  it('a revoked certificate says when and why; its status bit is set', async ({ app }) => {
    await importCivicBasics(app)
    const { code } = await issuedCertificate(app)
    const other = await issuedCertificate(app)
    expect(await publishedBit(app, await statusIndexOf(app, code))).toBe(0)
    expect((await revoke(app, code, 'Completed by someone else')).statusCode).toBe(200)
    const body = (await verify(app, code)).json()
    expect(body).toMatchObject({ status: 'revoked', revokedReason: 'Completed by someone else' })
    expect(new Date(body.revokedAt).getTime()).toBeGreaterThan(0)
    expect(await publishedBit(app, await statusIndexOf(app, code))).toBe(1)
    expect(await publishedBit(app, await statusIndexOf(app, other.code))).toBe(0)
  })

  it('a list past the last index does not exist', async ({ app }) => {
    await importCivicBasics(app)
    await issuedCertificate(app)
    const response = await app.inject({ method: 'GET', url: '/api/v1/credentials/status/7' })
    expect(response.statusCode).toBe(404)
  })

  it("is part of the person's data export, with the signed credential", async ({ app }) => {
    await importCivicBasics(app)
    const { learner, code } = await issuedCertificate(app)
    const exported = await app.inject({
      method: 'GET',
      url: '/api/v1/me/data',
      headers: learner.headers,
    })
    expect(exported.statusCode).toBe(200)
    const [certificate] = exported.json().certificates
    expect(certificate).toMatchObject({
      code,
      status: 'valid',
      learnerName: learner.user.name,
      course: { slug: 'civic-basics', version: 1 },
      issuer: { name: 'Agora' },
      credential: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
    })
  })

  it("after the person's erasure the certificate stays valid without the name", async ({ app }) => {
    await importCivicBasics(app)
    const { learner, code } = await issuedCertificate(app)
    const erased = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${learner.user.id}/personal-data`,
      headers: await adminHeaders(app),
    })
    expect(erased.statusCode).toBe(204)
    const body = (await verify(app, code)).json()
    expect(body).toMatchObject({ status: 'valid', code, learnerName: null })
    const row = await app.db
      .selectFrom('certificates')
      .select(['learnerName', 'credential', 'courseTitle', 'issuerName'])
      .where('code', '=', code)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ learnerName: null, credential: null, issuerName: 'Agora' })
  })
})

describe('verifying an uploaded credential', { timeout: 120_000 }, () => {
  it('valid as downloaded (JSON or JWT), invalid when tampered, revoked once revoked', async ({
    app,
  }) => {
    await importCivicBasics(app)
    const { learner, code } = await issuedCertificate(app)
    const download = await app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${code}/credential`,
      headers: learner.headers,
    })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="agora-credential-${code}.json"`,
    )
    const { jwt, credential } = download.json() as { jwt: string; credential: object }
    expect(credential).toMatchObject({ type: ['VerifiableCredential', 'OpenBadgeCredential'] })
    const asJwt = await app.inject({
      method: 'GET',
      url: `/api/v1/certificates/${code}/credential?format=jwt`,
      headers: learner.headers,
    })
    expect(asJwt.headers['content-type']).toMatch(/^application\/vc\+jwt/)
    expect(asJwt.body).toBe(jwt)

    const check = (text: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/credential-verifications',
        payload: { credential: text },
      })
    for (const text of [download.body, jwt]) {
      const response = await check(text)
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({
        result: 'valid',
        checks: { signature: true, issuer: true, status: true, expiry: true },
        code,
        learnerName: learner.user.name,
        courseTitle: expect.any(String),
        completedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        issuer: { name: 'Agora' },
      })
    }

    const [header, payload, signature] = jwt.split('.')
    const forged = Buffer.from(
      Buffer.from(payload!, 'base64url').toString().replace(learner.user.name, 'Mallory Forger'),
    ).toString('base64url')
    const tampered = await check(`${header}.${forged}.${signature}`)
    expect(tampered.json()).toMatchObject({ result: 'invalid', checks: { signature: false } })
    expect(tampered.json().learnerName).toBeUndefined()
    expect((await check('not a credential')).json().result).toBe('invalid')

    await revoke(app, code)
    expect((await check(jwt)).json()).toMatchObject({
      result: 'revoked',
      checks: { signature: true, issuer: true, status: false, expiry: true },
    })
  })

  it('refuses a body over 64 kB and unknown fields', async ({ app }) => {
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/credential-verifications',
      payload: { credential: 'x'.repeat(65_537) },
    })
    expect(big.statusCode).toBe(400)
    const extra = await app.inject({
      method: 'POST',
      url: '/api/v1/credential-verifications',
      payload: { credential: 'x', more: 1 },
    })
    expect(extra.statusCode).toBe(400)
  })
})
