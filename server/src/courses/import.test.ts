import { fileURLToPath } from 'node:url'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'
import { readCourseFiles } from './files.ts'
import { importCourse, importCourseFolders } from './import.ts'

const fixtures = fileURLToPath(new URL('../../../test/fixtures/courses/', import.meta.url))
const sample = () => readCourseFiles(`${fixtures}local-inclusion`)

describe('course import', () => {
  it('stores a version with every document rendered, publishes it, and skips unchanged content', async ({
    app,
  }) => {
    expect(await importCourseFolders(app.db, fixtures)).toEqual([
      { status: 'created', slug: 'local-inclusion', version: 1 },
    ])
    expect(await importCourse(app.db, 'local-inclusion', sample())).toEqual({
      status: 'unchanged',
      slug: 'local-inclusion',
      version: 1,
    })

    const documents = await app.db
      .selectFrom('courseDocuments as d')
      .innerJoin('courseVersions as v', 'v.id', 'd.versionId')
      .select([
        'v.number',
        'd.language',
        'd.step',
        'd.kind',
        'd.title',
        'd.minutes',
        'd.html',
        'd.questions',
      ])
      .orderBy('d.language')
      .orderBy('d.step')
      .execute()
    expect(
      documents.map((d) => [d.number, d.language, d.step, d.kind, d.title, d.minutes]),
    ).toEqual([
      [1, 'en', '01-basics', 'module', 'Basics of inclusive services', 20],
      [1, 'en', 'evaluation', 'survey', 'Evaluation', 5],
      [1, 'sr-Latn', '01-basics', 'module', 'Osnove inkluzivnih usluga', 20],
      [1, 'sr-Latn', 'evaluation', 'survey', 'Evaluacija', 5],
    ])
    expect(documents[0]!.html).toContain('<h2')
    expect(documents[0]!.html).not.toContain('::Who decides')
    expect((documents[0]!.questions as unknown[]).length).toBe(2)

    const catalogue = (
      await app.inject({ method: 'GET', url: '/api/v1/courses?lang=sr-Latn' })
    ).json()
    expect(catalogue.items).toContainEqual(
      expect.objectContaining({
        slug: 'local-inclusion',
        title: 'Inkluzija u lokalnim uslugama',
        language: 'sr-Latn',
        languages: ['en', 'sr-Latn'],
        summary: 'Šta inkluzija znači za lokalne usluge. Kako se usluga proverava sa korisnicima.',
        minutes: 20,
      }),
    )
  })

  it('a change makes a new version and leaves the old one as it was', async ({ app }) => {
    const files = sample()
    await importCourse(app.db, 'local-inclusion', files)
    const before = await app.db
      .selectFrom('courseDocuments')
      .selectAll()
      .orderBy('language')
      .orderBy('step')
      .execute()
    files['en/01-basics.md'] = files['en/01-basics.md']!.replace(
      'not all of them equally',
      'not all of them equally, and not all at once',
    )
    expect(await importCourse(app.db, 'local-inclusion', files)).toMatchObject({
      status: 'created',
      version: 2,
    })
    const versions = await app.db
      .selectFrom('courseVersions')
      .select(['id', 'number'])
      .orderBy('number')
      .execute()
    expect(versions.map((v) => v.number)).toEqual([1, 2])
    const first = await app.db
      .selectFrom('courseDocuments')
      .selectAll()
      .where('versionId', '=', versions[0]!.id)
      .orderBy('language')
      .orderBy('step')
      .execute()
    expect(first).toEqual(before.filter((d) => d.versionId === versions[0]!.id))
    const course = await app.db
      .selectFrom('courses')
      .select('currentVersionId')
      .where('slug', '=', 'local-inclusion')
      .executeTakeFirstOrThrow()
    expect(course.currentVersionId).toBe(versions[1]!.id)
  })

  it('stores nothing for an invalid course and returns every problem', async ({ app }) => {
    const versions = async () =>
      (await app.db.selectFrom('courseVersions').select('id').execute()).length
    const before = await versions()
    const files = sample()
    files['en/01-basics.md'] = files['en/01-basics.md']!.replace('minutes: 20', 'minutes: soon')
    delete files['sr-Latn/evaluation.md']
    const result = await importCourse(app.db, 'local-inclusion', files)
    expect(result.status).toBe('invalid')
    if (result.status !== 'invalid') return
    expect(result.problems.map((p) => `${p.file}:${p.line}`)).toEqual(
      expect.arrayContaining(['en/01-basics.md:3', 'course.yaml:9']),
    )
    expect(await versions()).toBe(before)
  })

  it('serves the current module to admins and trainers of the course in their language, with the quiz but no answer key', async ({
    app,
  }) => {
    await importCourse(app.db, 'local-inclusion', sample())
    const learner = bearer(tokenFor(app, await createUser(app)))
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/courses/local-inclusion/modules/01-basics',
          headers: learner,
        })
      ).statusCode,
    ).toBe(403)
    const reader = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/courses/local-inclusion/modules/01-basics?lang=sr-Latn',
      headers: reader,
    })
    expect(response.statusCode).toBe(200)
    const module = response.json()
    expect(module).toMatchObject({
      language: 'sr-Latn',
      title: 'Osnove inkluzivnih usluga',
      minutes: 20,
      course: { title: 'Inkluzija u lokalnim uslugama' },
    })
    expect(module.questions).toHaveLength(2)
    const text = JSON.stringify(module)
    for (const secret of [
      'Tačno.',
      'usvaja ga skupština',
      '"correct"',
      '"answer"',
      'Pomažu: proseci',
    ])
      expect(text).not.toContain(secret)
    const fallback = await app.inject({
      method: 'GET',
      url: '/api/v1/courses/local-inclusion/modules/01-basics?lang=sq',
      headers: reader,
    })
    expect(fallback.json().language).toBe('en')
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/courses/local-inclusion/modules/evaluation',
          headers: reader,
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/courses/local-inclusion/modules/01-basics',
        })
      ).statusCode,
    ).toBe(401)
  })
})
