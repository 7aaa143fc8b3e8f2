import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../server/src/db/create-db.ts'
import { type RunningServer, serverStorage, startServer } from '../support/server-process.ts'

const expectedDb = process.env.DATABASE_URL ? 'postgres' : 'pglite'

describe('one process, one port', () => {
  let storage: Awaited<ReturnType<typeof serverStorage>>
  let server: RunningServer

  beforeAll(async () => {
    storage = await serverStorage()
    server = await startServer(storage.env)
  })
  afterAll(async () => {
    await server?.stop()
    await storage?.drop()
  })

  it('prints a one-time link to create the first administrator', async () => {
    await expect
      .poll(() => server.output())
      .toMatch(
        /No administrator yet\. Create the first one \(link valid 24 h, works once\): http:\/\/127\.0\.0\.1:\d+\/setup\/[\w-]{43}/,
      )
  })

  it('sends security headers with pages and API answers', async () => {
    for (const path of ['/', '/api/v1/health']) {
      const response = await request(server.url).get(path)
      expect(response.headers['x-content-type-options'], path).toBe('nosniff')
      expect(response.headers['x-frame-options'], path).toBe('SAMEORIGIN')
    }
    expect((await request(server.url).get('/')).headers['content-security-policy']).toContain(
      "frame-ancestors 'none'",
    )
  })

  it('serves the home page as server-rendered HTML', async () => {
    const response = await request(server.url).get('/')
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    const html = response.text
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('href="#main"')
    expect(html).toMatch(/<h1>[^<]+<\/h1>/)
    expect(html).toContain('No courses are published yet')
  })

  it('serves the API health check', async () => {
    const response = await request(server.url).get('/api/v1/health')
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(response.body).toEqual({
      status: 'ok',
      db: expectedDb,
      migrations: { applied: expect.any(Number), pending: 0 },
    })
  })

  it('serves OpenAPI as a page and as JSON', async () => {
    const page = await request(server.url).get('/api/docs/')
    expect(page.status).toBe(200)
    expect(page.text).toContain('swagger')
    const spec = (await request(server.url).get('/api/docs/json').expect(200)).body as {
      openapi: string
      paths: object
    }
    expect(spec.openapi).toMatch(/^3\./)
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/health', '/api/v1/courses']),
    )
  })

  it('answers unknown pages with the HTML 404 page and unknown API paths with problem+json', async () => {
    const page = await request(server.url).get('/no-such-page')
    expect(page.status).toBe(404)
    expect(page.text).toContain('<html lang="en">')
    const api = await request(server.url).get('/api/v1/no-such-thing')
    expect(api.status).toBe(404)
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(api.body.type).toBe('/problems/not-found')
  })

  it('accepts a same-origin form POST and refuses a cross-site one', async () => {
    // supertest follows no redirects: the 303 is the answer.
    const same = await request(server.url)
      .post('/language')
      .type('form')
      .set('origin', server.url)
      .send('locale=sr-Latn&redirectTo=/')
    expect(same.status).toBe(303)
    expect(same.headers['set-cookie']).toEqual(
      expect.arrayContaining([expect.stringContaining('PARAGLIDE_LOCALE=sr-Latn')]),
    )
    const cross = await request(server.url)
      .post('/language')
      .type('form')
      .set('origin', 'https://evil.example')
      .send('locale=sr-Latn')
    expect(cross.status).toBe(403)
  })

  it("audits a page's API call by the visitor's own address, not a forged X-Forwarded-For", async () => {
    const link = /\/setup\/([\w-]{43})/.exec(server.output())![1]
    const setup = await request(server.url).post(`/api/v1/setup/${link}`).send({
      email: 'vera@example.org',
      name: 'Vera Petrović',
      password: 'correct horse battery staple',
    })
    expect(setup.status).toBe(201)
    // The sign-in page's form calls the API in-process; the browser claims another address.
    const page = await request(server.url)
      .post('/login')
      .type('form')
      .set('origin', server.url)
      .set('x-forwarded-for', '6.6.6.6')
      .send('email=forged%40example.org&password=wrong-password')
    expect(page.status).toBeLessThan(500)
    const audit = await request(server.url)
      .get('/api/v1/audit-events?action=login.failed')
      .set('authorization', `Bearer ${setup.body.accessToken}`)
    expect(audit.status).toBe(200)
    expect(audit.body.items.map((event: { ip: string }) => event.ip)).toEqual(['127.0.0.1'])
  })

  it('renders in the language chosen by cookie', async () => {
    const page = await request(server.url).get('/').set('cookie', 'PARAGLIDE_LOCALE=sr-Latn')
    expect(page.text).toContain('<html lang="sr-Latn">')
  })
})

describe('lifecycle', () => {
  it('exits 0 within 5 s on SIGTERM and SIGINT, and keeps its data across restarts', async () => {
    const storage = await serverStorage()
    try {
      const first = await startServer(storage.env)
      const stopped = await first.stop('SIGTERM')
      expect(stopped.code).toBe(0)
      expect(stopped.stoppedInMs).toBeLessThan(5000)

      const handle = await createDb(storage.target)
      await handle.db
        .insertInto('courses')
        .values({
          slug: 'human-rights-lnob',
          title: JSON.stringify({ en: 'Human Rights' }),
          languages: ['en'],
          publishedAt: new Date(),
        })
        .execute()
      await handle.close()

      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        const again = await startServer(storage.env)
        const courses = (await request(again.url).get('/api/v1/courses').expect(200)).body as {
          items: { slug: string }[]
        }
        expect(courses.items.map((course: { slug: string }) => course.slug)).toEqual([
          'human-rights-lnob',
        ])
        const health = (await request(again.url).get('/api/v1/health').expect(200)).body as {
          migrations: { pending: number }
        }
        expect(health.migrations.pending).toBe(0)
        const exit = await again.stop(signal)
        expect(exit.code).toBe(0)
        expect(exit.stoppedInMs).toBeLessThan(5000)
        // A restart applies nothing anew.
        expect(exit.stdout + exit.stderr).not.toContain('migration applied')
      }
    } finally {
      await storage.drop()
    }
  })
})
