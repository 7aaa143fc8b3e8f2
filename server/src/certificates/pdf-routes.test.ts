import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { issuedCertificate } from '../testing/certificates.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics } from '../testing/learning.ts'
import { readPdf } from '../testing/pdf.ts'
import { clusterOf } from '../testing/surveys.ts'

const pdfOf = (app: FastifyInstance, code: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: `/api/v1/certificates/${code}/certificate.pdf`, headers })

const as = async (
  app: FastifyInstance,
  roles: ('learner' | 'coordinator' | 'admin')[],
  association?: string,
) =>
  bearer(tokenFor(app, await createUser(app, { roles, ...(association ? { association } : {}) })))

describe('GET /certificates/:code/certificate.pdf', () => {
  it('gives the holder their PDF in their language, named, the QR code leading to the verification page', async ({
    app,
  }) => {
    await importCivicBasics(app)
    const { learner, code } = await issuedCertificate(app, { language: 'sr-Cyrl' })
    const response = await pdfOf(app, code, learner.headers)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="agora-certificate-${code}.pdf"`,
    )
    expect(response.headers['cache-control']).toBe('private, no-store')
    const read = await readPdf(response.rawPayload)
    const text = read.text.replace(/\s+/g, ' ')
    expect(text).toContain('Сертификат о завршеном курсу')
    expect(text).toContain(learner.user.name)
    expect(text).toContain(code)
    expect(read.qr).toMatch(new RegExp(`^https?://[^/]+/verify/${code}$`))
    // A code as typed (lower case, no hyphens) finds it too.
    const typed = await pdfOf(app, code.replace(/-/g, '').toLowerCase(), learner.headers)
    expect(typed.statusCode).toBe(200)
  })

  it("the issuing association's coordinators and admins get it; others and unknown codes 404 alike; anonymous 401", async ({
    app,
  }) => {
    await importCivicBasics(app)
    const clusterId = await clusterOf(app, 'skgo')
    const { code } = await issuedCertificate(app, { association: 'skgo', clusterId })
    for (const headers of [await as(app, ['coordinator'], 'skgo'), await as(app, ['admin'])]) {
      const response = await pdfOf(app, code, headers)
      expect(response.statusCode).toBe(200)
      expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    }
    const unknown = await pdfOf(app, 'ZZZZ-ZZZZ-ZZZZ', await as(app, ['admin']))
    expect(unknown.statusCode).toBe(404)
    for (const headers of [
      await as(app, ['coordinator'], 'zels'),
      await as(app, ['learner'], 'skgo'),
    ]) {
      const response = await pdfOf(app, code, headers)
      expect(response.statusCode).toBe(404)
      expect(response.json()).toEqual({ ...unknown.json(), instance: response.json().instance })
    }
    expect((await pdfOf(app, code)).statusCode).toBe(401)
  })

  it('renders a revoked certificate stamped as revoked', async ({ app }) => {
    await importCivicBasics(app)
    const { learner, code } = await issuedCertificate(app)
    const revoked = await app.inject({
      method: 'POST',
      url: `/api/v1/certificates/${code}/revocation`,
      headers: await as(app, ['admin']),
      payload: { reason: 'Issued in error' },
    })
    expect(revoked.statusCode).toBe(200)
    const response = await pdfOf(app, code, learner.headers)
    expect(response.statusCode).toBe(200)
    const read = await readPdf(response.rawPayload)
    expect(read.text).toContain('REVOKED: THIS CERTIFICATE IS NO LONGER VALID')
  })

  it('allows 20 a minute per person, then 429', async ({ app }) => {
    await importCivicBasics(app)
    const { learner, code } = await issuedCertificate(app)
    for (let i = 0; i < 20; i++)
      expect((await pdfOf(app, code, learner.headers)).statusCode).toBe(200)
    const refused = await pdfOf(app, code, learner.headers)
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
    // Another person's allowance is their own.
    expect((await pdfOf(app, code, await as(app, ['admin']))).statusCode).toBe(200)
  })
})
