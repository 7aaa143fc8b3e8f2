import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/app.ts'
import { injectFetch } from '../web/mount.ts'

// TRUST_PROXY lists the proxies in front. X-Forwarded-For counts only when a listed proxy sent it:
// a client that reaches the app directly cannot pick the address that rate limits and the audit
// log see. The pages' in-process calls hand over the visitor's address without any header.

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' })
})
afterAll(() => app.close())

let counter = 0
async function auditedAddress(send: (email: string) => Promise<unknown>): Promise<string | null> {
  const email = `nobody-${++counter}@example.org`
  await send(email)
  const row = await app.db
    .selectFrom('auditEvents')
    .select('ip')
    .where('action', '=', 'login.failed')
    .where(({ ref }) => ref('details', '->>').key('email' as never), '=', email as never)
    .executeTakeFirstOrThrow()
  return row.ip
}

const failLogin = (email: string, remoteAddress: string, forwarded?: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: 'wrong password' },
    remoteAddress,
    headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
  })

describe('trusted proxies', () => {
  it('audits a direct client by its own address, whatever X-Forwarded-For it sends', async () => {
    expect(await auditedAddress((email) => failLogin(email, '203.0.113.9', '198.51.100.1'))).toBe(
      '203.0.113.9',
    )
  })

  it('honours the address a listed proxy forwards (the nearest untrusted one)', async () => {
    expect(
      await auditedAddress((email) => failLogin(email, '10.1.2.3', '6.6.6.6, 198.51.100.7')),
    ).toBe('198.51.100.7')
    // Through two listed proxies, the client is still the first address neither added.
    expect(
      await auditedAddress((email) => failLogin(email, '127.0.0.1', '198.51.100.8, 10.4.4.4')),
    ).toBe('198.51.100.8')
  })

  it('rate-limits a direct client by its own address, however it varies X-Forwarded-For', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email: `someone-${i}@example.org` },
        remoteAddress: '203.0.113.50',
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      })
      statuses.push(response.statusCode)
    }
    expect(statuses.slice(0, 20).every((status) => status === 202)).toBe(true)
    expect(statuses[20]).toBe(429)
  })

  it("gives a page's in-process API call the visitor's address, never one from a header", async () => {
    const request = new Request('http://localhost/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '6.6.6.6, 7.7.7.7' },
      body: JSON.stringify({ email: 'in-process@example.org', password: 'wrong password' }),
    })
    const response = await injectFetch(app, request, '203.0.113.77')
    expect(response.status).toBe(401)
    const { ip } = await app.db
      .selectFrom('auditEvents')
      .select('ip')
      .where('action', '=', 'login.failed')
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    expect(ip).toBe('203.0.113.77')
  })
})
