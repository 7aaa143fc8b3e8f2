import { fileURLToPath } from 'node:url'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { readCourseFiles } from './files.ts'
import { importCourse } from './import.ts'
import { localise } from './service.ts'

const fixtures = fileURLToPath(new URL('../../../test/fixtures/courses/', import.meta.url))

describe('GET /api/v1/courses', () => {
  it('is an empty page when nothing is published', async ({ app }) => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/courses' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ items: [], total: 0, limit: 20, offset: 0 })
  })

  it('lists published courses only, titled in the asked language', async ({ app }) => {
    await app.db
      .insertInto('courses')
      .values([
        {
          slug: 'diversity-management',
          title: JSON.stringify({
            en: 'Diversity Management',
            'sr-Latn': 'Upravljanje različitostima',
          }),
          languages: ['en', 'sr-Latn'],
          publishedAt: new Date(),
        },
        {
          slug: 'social-dialogue-forum',
          title: JSON.stringify({ en: 'Social Dialogue Forum' }),
          languages: ['en'],
          publishedAt: new Date(),
        },
        {
          slug: 'draft-course',
          title: JSON.stringify({ en: 'Draft' }),
          languages: ['en'],
          publishedAt: null,
        },
      ])
      .execute()

    const response = await app.inject({ method: 'GET', url: '/api/v1/courses?lang=sr-Latn' })
    expect(response.json()).toEqual({
      items: [
        {
          slug: 'diversity-management',
          title: 'Upravljanje različitostima',
          language: 'sr-Latn',
          languages: ['en', 'sr-Latn'],
        },
        {
          slug: 'social-dialogue-forum',
          title: 'Social Dialogue Forum',
          language: 'en',
          languages: ['en'],
        },
      ],
      total: 2,
      limit: 20,
      offset: 0,
    })

    const second = await app.inject({ method: 'GET', url: '/api/v1/courses?limit=1&offset=1' })
    expect(second.json()).toMatchObject({
      items: [{ slug: 'social-dialogue-forum' }],
      total: 2,
      limit: 1,
      offset: 1,
    })
  })

  it('titles a course in Cyrillic when it lists sr-Cyrl, generated from its sr-Latn title', async ({
    app,
  }) => {
    const files = readCourseFiles(`${fixtures}local-inclusion`)
    files['course.yaml'] = files['course.yaml']!.replace(
      'languages: [en, sr-Latn]',
      'languages: [en, sr-Latn, sr-Cyrl]',
    )
    expect(await importCourse(app.db, 'local-inclusion', files)).toMatchObject({
      status: 'created',
    })
    await app.db
      .insertInto('courses')
      .values({
        slug: 'latin-only',
        title: JSON.stringify({ en: 'Latin Only', 'sr-Latn': 'Samo latinica' }),
        languages: ['en', 'sr-Latn'],
        publishedAt: new Date(),
      })
      .execute()

    const response = await app.inject({ method: 'GET', url: '/api/v1/courses?lang=sr-Cyrl' })
    expect(response.statusCode).toBe(200)
    const items = response
      .json()
      .items.filter((item: { slug: string }) =>
        ['latin-only', 'local-inclusion'].includes(item.slug),
      )
    expect(items).toEqual([
      { slug: 'latin-only', title: 'Latin Only', language: 'en', languages: ['en', 'sr-Latn'] },
      {
        slug: 'local-inclusion',
        title: 'Инклузија у локалним услугама',
        language: 'sr-Cyrl',
        languages: ['en', 'sr-Latn', 'sr-Cyrl'],
      },
    ])
  })

  it('rejects bad paging and unknown parameters with field errors', async ({ app }) => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/courses?limit=101&offset=-1&lang=english&sort=x',
    })
    expect(response.statusCode).toBe(400)
    const pointers = response
      .json()
      .errors.map((error: { pointer: string }) => error.pointer)
      .sort()
    expect(pointers).toEqual(['/query/lang', '/query/limit', '/query/offset', '/query/sort'])
  })
})

describe('localise', () => {
  it('falls back to English, then to the first title', ({}) => {
    expect(localise({ en: 'A', mk: 'Б' }, 'mk')).toEqual({ title: 'Б', language: 'mk' })
    expect(localise({ en: 'A', mk: 'Б' }, 'sq')).toEqual({ title: 'A', language: 'en' })
    expect(localise({ sv: 'S' }, undefined)).toEqual({ title: 'S', language: 'sv' })
  })

  it('derives a generated language from its source only when the course lists it', ({}) => {
    const titles = { en: 'Social Dialogue Forum', 'sr-Latn': 'Forum za socijalni dijalog' }
    expect(localise(titles, 'sr-Cyrl', ['en', 'sr-Latn', 'sr-Cyrl'])).toEqual({
      title: 'Форум за социјални дијалог',
      language: 'sr-Cyrl',
    })
    expect(localise(titles, 'sr-Cyrl', ['en', 'sr-Latn'])).toEqual({
      title: 'Social Dialogue Forum',
      language: 'en',
    })
    expect(localise({ en: 'Only English' }, 'sr-Cyrl', ['en', 'sr-Cyrl'])).toEqual({
      title: 'Only English',
      language: 'en',
    })
  })
})
