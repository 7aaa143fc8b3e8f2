import { join } from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  repoRoot,
  type RunningServer,
  serverStorage,
  startServer,
} from '../support/server-process.ts'

import type { CourseSummary } from '../../server/src/contract.ts'

interface Catalogue {
  items: CourseSummary[]
}

// What a new user sees after `npm start`: the course library in courses/ imported and listed.
describe('the course library at start', () => {
  let storage: Awaited<ReturnType<typeof serverStorage>>
  let server: RunningServer
  beforeAll(async () => {
    storage = await serverStorage()
    server = await startServer({ ...storage.env, COURSES_DIR: join(repoRoot, 'courses') })
  })
  afterAll(async () => {
    await server?.stop()
    await storage?.drop()
  })

  const catalogue = async (lang: string) =>
    (await request(server.url).get('/api/v1/courses').query({ lang }).expect(200)).body as Catalogue

  it('lists the four courses in English and Serbian (both scripts)', async () => {
    const slugs = [
      'diversity-management',
      'human-rights-lnob',
      'minority-commissioner',
      'social-dialogue-forum',
    ]
    for (const lang of ['en', 'sr-Latn', 'sr-Cyrl']) {
      const { items } = await catalogue(lang)
      expect(items.map((item) => item.slug)).toEqual(slugs)
      expect(
        items.every((item) => item.language === lang),
        lang,
      ).toBe(true)
    }
    expect((await catalogue('sr-Cyrl')).items[0]!.title).toBe('Управљање различитостима')
  })

  it('says what each course is, in each of its languages, before anyone enrols', async () => {
    const { items } = await catalogue('en')
    for (const course of items) {
      for (const lang of course.languages) {
        const described = (
          await request(server.url)
            .get(`/api/v1/courses/${course.slug}`)
            .query({ lang })
            .expect(200)
        ).body as CourseSummary
        const where = `${course.slug} ${lang}`
        expect(described.language, where).toBe(lang)
        expect(described.summary, where).toEqual(expect.any(String))
        expect(described.audience, where).toEqual(expect.any(String))
        expect(described.outcomes.length, where).toBeGreaterThanOrEqual(3)
        expect(described.hours, where).toBeGreaterThanOrEqual(2)
        const modules = described.steps.filter((step) => step.kind === 'module')
        expect(modules.length, where).toBeGreaterThan(0)
        expect(
          modules.every((step) => step.title && step.minutes),
          where,
        ).toBe(true)
      }
    }
    expect(
      (await request(server.url).get('/api/v1/courses/diversity-management?lang=sr-Cyrl')).body,
    ).toMatchObject({ summary: expect.stringMatching(/^Шта управљање различитостима значи/) })
  })

  it('lists Diversity Management in Albanian and Macedonian, and Human Rights in Swedish', async () => {
    expect(
      (await catalogue('sq')).items.find((item) => item.slug === 'diversity-management'),
    ).toMatchObject({ language: 'sq', title: 'Menaxhimi i diversitetit' })
    expect(
      (await catalogue('mk')).items.find((item) => item.slug === 'diversity-management'),
    ).toMatchObject({ language: 'mk' })
    expect(
      (await catalogue('sv')).items.find((item) => item.slug === 'human-rights-lnob'),
    ).toMatchObject({ language: 'sv' })
  })

  it('shows them on the home page', async () => {
    const html = (await request(server.url).get('/').expect(200)).text
    for (const title of ['Diversity Management', 'Social Dialogue Forum', 'Minority Commissioner'])
      expect(html).toContain(title)
    expect(html).toContain('Albanian')
    expect(html).toContain('Macedonian')
  })
})
