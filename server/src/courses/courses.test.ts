import { fileURLToPath } from 'node:url'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { readCourseFiles } from './files.ts'
import { importCourse } from './import.ts'
import { hoursOf, localise } from './service.ts'

const fixtures = fileURLToPath(new URL('../../../test/fixtures/courses/', import.meta.url))

/** What the catalogue says of a course row that has no version (inserted by hand). */
const unversioned = { summary: null, audience: null, outcomes: [], minutes: 0, hours: 0, steps: [] }

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
          ...unversioned,
        },
        {
          slug: 'social-dialogue-forum',
          title: 'Social Dialogue Forum',
          language: 'en',
          languages: ['en'],
          ...unversioned,
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
    expect(items).toMatchObject([
      {
        slug: 'latin-only',
        title: 'Latin Only',
        language: 'en',
        languages: ['en', 'sr-Latn'],
        ...unversioned,
      },
      {
        slug: 'local-inclusion',
        title: 'Инклузија у локалним услугама',
        language: 'sr-Cyrl',
        languages: ['en', 'sr-Latn', 'sr-Cyrl'],
        summary: 'Шта инклузија значи за локалне услуге. Како се услуга проверава са корисницима.',
        minutes: 20,
        hours: 0.5,
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

describe('GET /api/v1/courses/:slug', () => {
  const localInclusion = () => {
    const files = readCourseFiles(`${fixtures}local-inclusion`)
    // Its own slug: the file's other tests import the fixture as it is.
    files['course.yaml'] = files['course.yaml']!.replace(
      'languages: [en, sr-Latn]',
      'languages: [en, sr-Latn, sr-Cyrl]',
    ).replace('slug: local-inclusion', 'slug: open-course')
    return files
  }

  it('describes a published course to anyone: about, hours and steps, no text or keys', async ({
    app,
  }) => {
    expect(await importCourse(app.db, 'open-course', localInclusion())).toMatchObject({
      status: 'created',
    })
    const response = await app.inject({ url: '/api/v1/courses/open-course?lang=en' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.json()).toEqual({
      slug: 'open-course',
      title: 'Inclusion in Local Services',
      language: 'en',
      languages: ['en', 'sr-Latn', 'sr-Cyrl'],
      summary: 'What inclusion means for local services. How to check a service with its users.',
      audience: 'Municipal officials who run local services.',
      outcomes: [
        'Check a service for the people it leaves out.',
        'Plan a change with the people concerned.',
        'Tell peers what worked.',
      ],
      minutes: 20,
      hours: 0.5,
      steps: [
        {
          slug: '01-basics',
          kind: 'module',
          title: 'Basics of inclusive services',
          minutes: 20,
          alternative: null,
        },
        {
          slug: 'peer-exchange',
          kind: 'webinar',
          title: null,
          minutes: null,
          alternative: 'good-practice',
        },
        { slug: 'evaluation', kind: 'survey', title: 'Evaluation', minutes: 5, alternative: null },
      ],
    })

    const cyrillic = (await app.inject({ url: '/api/v1/courses/open-course?lang=sr-Cyrl' })).json()
    expect(cyrillic).toMatchObject({
      title: 'Инклузија у локалним услугама',
      language: 'sr-Cyrl',
      audience: 'Општински службеници који воде локалне услуге.',
      outcomes: [
        'Проверити кога услуга изоставља.',
        'Испланирати промену са људима на које се односи.',
        'Пренети колегама шта је успело.',
      ],
      steps: [{ title: 'Основе инклузивних услуга' }, { title: null }, { title: 'Евалуација' }],
    })
    // A language the course lacks reads in English, as the title does.
    expect((await app.inject({ url: '/api/v1/courses/open-course?lang=mk' })).json()).toMatchObject(
      { language: 'en', summary: expect.stringMatching(/^What inclusion/) },
    )
    // The catalogue says the same of the course.
    const catalogue = (await app.inject({ url: '/api/v1/courses?lang=en' })).json()
    expect(catalogue.items.find((item: { slug: string }) => item.slug === 'open-course')).toEqual(
      response.json(),
    )
    // Nothing of the modules' text or quizzes: the fixture's module has questions with keys.
    expect(response.body).not.toMatch(/questions|html|"=|feedback/)
  })

  it('is 404 for a course that is unknown or not published, 400 for bad input', async ({ app }) => {
    await app.db
      .insertInto('courses')
      .values({
        slug: 'hidden-draft',
        title: JSON.stringify({ en: 'Draft' }),
        languages: ['en'],
        publishedAt: null,
      })
      .execute()
    for (const slug of ['no-such-course', 'hidden-draft']) {
      const answer = await app.inject({ url: `/api/v1/courses/${slug}` })
      expect(answer.statusCode, slug).toBe(404)
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
    const pointers = async (url: string) => {
      const answer = await app.inject({ url })
      expect(answer.statusCode, url).toBe(400)
      return answer
        .json()
        .errors.map((error: { pointer: string }) => error.pointer)
        .sort()
    }
    expect(await pointers('/api/v1/courses/Not_A_Slug')).toEqual(['/params/slug'])
    expect(await pointers('/api/v1/courses/hidden-draft?lang=english&x=1')).toEqual([
      '/query/lang',
      '/query/x',
    ])
  })
})

describe('hoursOf', () => {
  it('rounds to the half hour, with at least half an hour when there are minutes', ({}) => {
    expect([0, 1, 20, 44, 45, 205, 215, 235].map(hoursOf)).toEqual([
      0, 0.5, 0.5, 0.5, 1, 3.5, 3.5, 4,
    ])
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
