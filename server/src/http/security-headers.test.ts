import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { helmetHeaders, registerSecurityHeaders } from './security-headers.ts'

const options = {
  contentSecurityPolicy: false,
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: 'same-origin' as const },
}
const app = Fastify({ genReqId: () => 'req-7' })

beforeAll(async () => {
  registerSecurityHeaders(app, options)
  app.get('/api/v1/thing', async () => ({ ok: true }))
  app.get('/page', async (_request, reply) => reply.type('text/html').send('<p>page</p>'))
  await app.ready()
})
afterAll(() => app.close())

describe('security headers', () => {
  it('gives pages helmet’s document headers with our referrer policy and no CSP of its own', async () => {
    const { headers } = await app.inject('/page')
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-request-id': 'req-7',
    })
    expect(headers['content-security-policy']).toBeUndefined()
    expect(headers['cache-control']).toBeUndefined()
  })

  it('gives API answers the headers that guard data, without the document-only ones', async () => {
    const { headers } = await app.inject('/api/v1/thing')
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'cache-control': 'no-store',
      'x-request-id': 'req-7',
    })
    for (const name of [
      'referrer-policy',
      'cross-origin-opener-policy',
      'origin-agent-cluster',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-xss-protection',
    ]) {
      expect(headers[name], name).toBeUndefined()
    }
  })

  it('sets them on errors and unknown paths too', async () => {
    const { statusCode, headers } = await app.inject('/api/v1/missing')
    expect(statusCode).toBe(404)
    expect(headers['x-content-type-options']).toBe('nosniff')
  })

  it('follows helmet’s options (a header switched off is not sent)', () => {
    expect(helmetHeaders({ ...options, xFrameOptions: false })['x-frame-options']).toBeUndefined()
    expect(
      helmetHeaders({ ...options, xFrameOptions: { action: 'deny' } })['x-frame-options'],
    ).toBe('DENY')
  })
})
