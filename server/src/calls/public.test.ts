import type { FastifyInstance } from 'fastify'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, test } from 'vitest'
import { buildTestApp } from '../testing/app.ts'
import { TestClock } from '../testing/clock.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics } from '../testing/learning.ts'

const origin = 'https://agora.example.org'
const clock = new TestClock('2027-03-01T08:00:00Z')
// The first test of a file also imports a course and signs up people (argon2): room on a busy machine.
const slow = 120_000
const it = test.extend<{ app: FastifyInstance }>({
  app: [
    async ({}, use) => {
      const app = await buildTestApp({ ORIGIN: origin }, { clock })
      await use(app)
      await app.close()
    },
    { scope: 'file' },
  ],
})

const hostileTitle = 'Rights & <b>duties</b> "now" <script>alert(1)</script>'
const form = [{ kind: 'motivation', key: 'motivation', label: 'Why?', required: true }]

interface Calls {
  skgo: { open: string; late: string; draft: string }
  zels: { open: string }
}
let calls: Calls | undefined

async function call(
  app: FastifyInstance,
  user: TestUser,
  title: string,
  deadline: string,
  open = true,
) {
  const cluster = await app.inject({
    method: 'POST',
    url: '/api/v1/learning-clusters',
    headers: bearer(tokenFor(app, user)),
    payload: {
      name: `Cluster for ${title}`,
      startsOn: '2027-05-01',
      endsOn: '2027-06-30',
      capacity: 20,
      courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
    },
  })
  const created = await app.inject({
    method: 'POST',
    url: `/api/v1/learning-clusters/${cluster.json().id}/calls`,
    headers: bearer(tokenFor(app, user)),
    payload: {
      title,
      body: 'Read **this** first. <img src=x onerror=alert(1)>',
      places: 12,
      deadline,
      timeZone: 'Europe/Belgrade',
      form,
    },
  })
  expect(created.statusCode, created.body).toBe(201)
  const id = created.json().id as string
  if (open) {
    const opened = await app.inject({
      method: 'PUT',
      url: `/api/v1/calls/${id}/status`,
      headers: bearer(tokenFor(app, user)),
      payload: { status: 'open' },
    })
    expect(opened.statusCode, opened.body).toBe(200)
  }
  return id
}

/** Open calls of skgo (RS) and zels (MK), one of skgo's past its deadline at noon on 10 March. */
async function setUp(app: FastifyInstance): Promise<Calls> {
  if (calls) return calls
  await importCivicBasics(app)
  const skgo = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
  const zels = await createUser(app, { roles: ['coordinator'], association: 'zels' })
  clock.set('2027-03-01T08:00:00Z')
  calls = {
    skgo: {
      open: await call(app, skgo, hostileTitle, '2027-04-15T23:59'),
      late: await call(app, skgo, 'Closes soon', '2027-03-10T11:00'),
      draft: await call(app, skgo, 'Not yet', '2027-04-15T23:59', false),
    },
    zels: { open: await call(app, zels, 'ZELS call', '2027-04-01T12:00') },
  }
  clock.set('2027-03-10T12:00:00Z')
  return calls
}

const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id)

describe('open calls for anyone', { timeout: slow }, () => {
  it('are listed without an account, soonest deadline first, by association or country, and only while open by the clock', async ({
    app,
  }) => {
    const c = await setUp(app)
    const all = await app.inject({ url: '/api/v1/calls' })
    expect(all.statusCode).toBe(200)
    expect(ids(all.json())).toEqual([c.zels.open, c.skgo.open])
    expect(all.json().items[1]).toMatchObject({
      title: hostileTitle,
      association: { slug: 'skgo' },
      acceptingApplications: true,
    })
    expect(all.json().items[1]).not.toHaveProperty('criteria')
    expect(ids((await app.inject({ url: '/api/v1/calls?association=skgo' })).json())).toEqual([
      c.skgo.open,
    ])
    expect(ids((await app.inject({ url: '/api/v1/calls?country=MK' })).json())).toEqual([
      c.zels.open,
    ])
    expect(ids((await app.inject({ url: '/api/v1/calls?country=SE' })).json())).toEqual([])
    const paged = (await app.inject({ url: '/api/v1/calls?limit=1&offset=1' })).json()
    expect(paged).toMatchObject({ total: 2, limit: 1, offset: 1 })
    expect(ids(paged)).toEqual([c.skgo.open])

    // Before its deadline the other call is listed too.
    clock.set('2027-03-10T09:59:00Z')
    expect(ids((await app.inject({ url: '/api/v1/calls?association=skgo' })).json())).toEqual([
      c.skgo.late,
      c.skgo.open,
    ])
    clock.set('2027-03-10T12:00:00Z')

    const bad = await app.inject({ url: '/api/v1/calls?association=SKGO&colour=red' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/query/association', reason: 'format' }),
        expect.objectContaining({ pointer: '/query/colour', reason: 'unknown-field' }),
      ]),
    )
  })

  it('are an Atom feed that an XML parser reads back, each entry linking to the call page', async ({
    app,
  }) => {
    const c = await setUp(app)
    const response = await app.inject({ url: '/api/v1/calls/feed' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8')
    expect(XMLValidator.validate(response.body)).toBe(true)
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(
      response.body,
    ) as {
      feed: {
        '@xmlns': string
        id: string
        updated: string
        entry: {
          id: string
          title: string
          link: { '@href': string; '@rel': string }
          updated: string
          content: { '#text': string; '@type': string }
          author: { name: string }
        }[]
      }
    }
    const { feed } = parsed
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom')
    expect(feed.id).toBe(`${origin}/calls`)
    expect(feed.entry.map((entry) => entry.id)).toEqual([
      `urn:uuid:${c.zels.open}`,
      `urn:uuid:${c.skgo.open}`,
    ])
    const skgo = feed.entry[1]!
    // The parser unescapes once: the title comes back exactly as written, markup and all.
    expect(skgo.title).toBe(hostileTitle)
    expect(skgo.link).toMatchObject({
      '@rel': 'alternate',
      '@href': `${origin}/calls/${c.skgo.open}`,
    })
    expect(skgo.author.name).toBe('Standing Conference of Towns and Municipalities')
    expect(skgo.content['@type']).toBe('html')
    expect(skgo.content['#text']).toContain('<strong>this</strong>')
    expect(skgo.content['#text']).toContain('&lt;img')
    expect(skgo.content['#text']).not.toContain('<img')
    expect(new Date(skgo.updated).toISOString()).toBe(skgo.updated)
    // The raw feed never carries the title's markup unescaped.
    expect(response.body).not.toContain('<script>')

    const zels = await app.inject({ url: '/api/v1/calls/feed?association=zels' })
    const zelsFeed = new XMLParser().parse(zels.body) as { feed: { entry: { id: string } } }
    expect(zelsFeed.feed.entry.id).toBe(`urn:uuid:${c.zels.open}`)
  })

  it('are a small HTML page any website may frame, with titles escaped and links to the call pages', async ({
    app,
  }) => {
    const c = await setUp(app)
    const response = await app.inject({ url: '/api/v1/calls/embed?association=skgo&lang=en' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    const policy = String(response.headers['content-security-policy'])
    expect(policy).toContain("default-src 'none'")
    expect(policy).toContain('frame-ancestors *')
    expect(policy).not.toContain('script-src')
    expect(response.headers['x-frame-options']).toBeUndefined()
    expect(response.headers['cache-control']).toBe('public, max-age=300')
    expect(response.body).toContain(
      `<a href="${origin}/calls/${c.skgo.open}" target="_blank" rel="noopener">Rights &amp; &lt;b&gt;duties&lt;/b&gt; &quot;now&quot; &lt;script&gt;alert(1)&lt;/script&gt;</a>`,
    )
    expect(response.body).not.toContain('<script>')
    expect(response.body).not.toContain(c.zels.open)
    expect(response.body).toContain('Deadline: 15 April 2027 at 23:59 CEST')

    const serbian = await app.inject({ url: '/api/v1/calls/embed?association=skgo&lang=sr-Latn' })
    expect(serbian.body).toContain('<html lang="sr-Latn">')
    expect(serbian.body).toContain('Otvoreni pozivi za učesnike')
    expect(serbian.body).toContain('12 mesta')

    const swedish = await app.inject({ url: '/api/v1/calls/embed?association=skgo&lang=sv' })
    expect(swedish.body).toContain('<html lang="en">')
    expect((await app.inject({ url: '/api/v1/calls/embed?lang=xx' })).statusCode).toBe(400)

    const none = await app.inject({ url: '/api/v1/calls/embed?country=SE' })
    expect(none.body).toContain('No call is open right now.')

    // Only the embed may be framed: the rest of the API still refuses.
    const list = await app.inject({ url: '/api/v1/calls' })
    expect(list.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(list.headers['cache-control']).toBe('no-store')
  })
})
