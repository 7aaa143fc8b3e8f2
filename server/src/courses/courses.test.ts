import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { localise } from './service.ts'

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
          title: JSON.stringify({ en: 'Diversity Management', 'sr-Latn': 'Upravljanje različitostima' }),
          languages: ['en', 'sr-Latn'],
          publishedAt: new Date(),
        },
        { slug: 'social-dialogue-forum', title: JSON.stringify({ en: 'Social Dialogue Forum' }), languages: ['en'], publishedAt: new Date() },
        { slug: 'draft-course', title: JSON.stringify({ en: 'Draft' }), languages: ['en'], publishedAt: null },
      ])
      .execute()

    const response = await app.inject({ method: 'GET', url: '/api/v1/courses?lang=sr-Latn' })
    expect(response.json()).toEqual({
      items: [
        { slug: 'diversity-management', title: 'Upravljanje različitostima', language: 'sr-Latn', languages: ['en', 'sr-Latn'] },
        { slug: 'social-dialogue-forum', title: 'Social Dialogue Forum', language: 'en', languages: ['en'] },
      ],
      total: 2,
      limit: 20,
      offset: 0,
    })

    const second = await app.inject({ method: 'GET', url: '/api/v1/courses?limit=1&offset=1' })
    expect(second.json()).toMatchObject({ items: [{ slug: 'social-dialogue-forum' }], total: 2, limit: 1, offset: 1 })
  })

  it('rejects bad paging and unknown parameters with field errors', async ({ app }) => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/courses?limit=101&offset=-1&lang=english&sort=x' })
    expect(response.statusCode).toBe(400)
    const pointers = response.json().errors.map((error: { pointer: string }) => error.pointer).sort()
    expect(pointers).toEqual(['/query/lang', '/query/limit', '/query/offset', '/query/sort'])
  })
})

describe('localise', () => {
  it('falls back to English, then to the first title', ({}) => {
    expect(localise({ en: 'A', mk: 'Б' }, 'mk')).toEqual({ title: 'Б', language: 'mk' })
    expect(localise({ en: 'A', mk: 'Б' }, 'sq')).toEqual({ title: 'A', language: 'en' })
    expect(localise({ sv: 'S' }, undefined)).toEqual({ title: 'S', language: 'sv' })
  })
})
