import { fileURLToPath } from 'node:url'
import { strFromU8, unzipSync } from 'fflate'
import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it as base } from '../testing/app.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { readCourseFiles } from './files.ts'
import { importCourse } from './import.ts'

const fixture = fileURLToPath(
  new URL('../../../test/fixtures/courses/local-inclusion', import.meta.url),
)
/** A course of its own (the fixture under a fresh slug) with two assigned trainers, for each test. */
interface Studio {
  slug: string
  /** The course's files as imported: the fixture's, with the slug in course.yaml. */
  files: Record<string, string>
  draftUrl: string
  ana: TestUser
  boris: TestUser
  outsider: TestUser
}

let courses = 0
const it = base.extend<{ studio: Studio }>({
  studio: async ({ app }, use) => {
    const slug = `local-inclusion-${++courses}`
    const files = readCourseFiles(fixture)
    files['course.yaml'] = files['course.yaml']!.replace('slug: local-inclusion', `slug: ${slug}`)
    const imported = await importCourse(app.db, slug, files)
    expect(imported.status).toBe('created')
    const ana = await createUser(app, { roles: ['trainer'], name: 'Ana Autorka' })
    const boris = await createUser(app, { roles: ['trainer'], name: 'Boris Urednik' })
    const outsider = await createUser(app, { roles: ['trainer'] })
    const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    for (const trainer of [ana, boris]) {
      const assigned = await app.inject({
        method: 'PUT',
        url: `/api/v1/courses/${slug}/trainers/${trainer.id}`,
        headers: admin,
      })
      expect(assigned.statusCode).toBe(204)
    }
    await use({
      slug,
      files,
      draftUrl: `/api/v1/courses/${slug}/drafts/en/01-basics`,
      ana,
      boris,
      outsider,
    })
  },
})

/** Saves the English module 1 draft with `edit` applied to its current text. */
async function saveDraft(app: FastifyInstance, studio: Studio, edit: (markdown: string) => string) {
  const headers = bearer(tokenFor(app, studio.ana))
  const current = (await app.inject({ method: 'GET', url: studio.draftUrl, headers })).json()
  const saved = await app.inject({
    method: 'PUT',
    url: studio.draftUrl,
    headers,
    payload: { markdown: edit(current.markdown), baseRevision: current.revision },
  })
  expect(saved.statusCode).toBe(200)
}

describe('authoring studio API', () => {
  it('serves the published text as revision 0, and only to the course’s trainers', async ({
    app,
    studio,
  }) => {
    const { slug, draftUrl, ana, outsider } = studio
    const draft = await app.inject({
      method: 'GET',
      url: draftUrl,
      headers: bearer(tokenFor(app, ana)),
    })
    expect(draft.json()).toMatchObject({ revision: 0, updatedAt: null, updatedBy: null })
    expect(draft.json().markdown).toBe(studio.files['en/01-basics.md'])
    expect(
      (await app.inject({ method: 'GET', url: draftUrl, headers: bearer(tokenFor(app, outsider)) }))
        .statusCode,
    ).toBe(403)
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/courses/${slug}/drafts/en/99-nothing`,
          headers: bearer(tokenFor(app, ana)),
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/courses/${slug}/drafts/sq/01-basics`,
          headers: bearer(tokenFor(app, ana)),
        })
      ).statusCode,
    ).toBe(404)
  })

  it('refuses the second of two concurrent saves, showing the first one’s text', async ({
    app,
    studio,
  }) => {
    const { draftUrl, ana, boris } = studio
    const original = (
      await app.inject({ method: 'GET', url: draftUrl, headers: bearer(tokenFor(app, ana)) })
    ).json().markdown as string
    const anaText = original.replace('not all of them equally', 'not all of them equally (Ana)')
    const saved = await app.inject({
      method: 'PUT',
      url: draftUrl,
      headers: bearer(tokenFor(app, ana)),
      payload: { markdown: anaText, baseRevision: 0 },
    })
    expect(saved.json()).toMatchObject({ revision: 1, updatedBy: 'Ana Autorka', markdown: anaText })

    const late = await app.inject({
      method: 'PUT',
      url: draftUrl,
      headers: bearer(tokenFor(app, boris)),
      payload: { markdown: original.replace('equally', 'equally (Boris)'), baseRevision: 0 },
    })
    expect(late.statusCode).toBe(409)
    expect(late.json()).toMatchObject({
      type: '/problems/conflict',
      current: { revision: 1, updatedBy: 'Ana Autorka', markdown: anaText },
    })
    expect(
      (
        await app.inject({ method: 'GET', url: draftUrl, headers: bearer(tokenFor(app, boris)) })
      ).json().markdown,
    ).toBe(anaText)

    const merged = await app.inject({
      method: 'PUT',
      url: draftUrl,
      headers: bearer(tokenFor(app, boris)),
      payload: { markdown: anaText.replace('(Ana)', '(Ana, Boris)'), baseRevision: 1 },
    })
    expect(merged.json()).toMatchObject({ revision: 2, updatedBy: 'Boris Urednik' })
  })

  it('publishing checks every file, stores nothing when one is wrong, and otherwise makes a new version', async ({
    app,
    studio,
  }) => {
    const { slug, draftUrl, ana } = studio
    const headers = bearer(tokenFor(app, ana))
    const current = (await app.inject({ method: 'GET', url: draftUrl, headers })).json()
    await app.inject({
      method: 'PUT',
      url: draftUrl,
      headers,
      payload: {
        markdown: current.markdown
          .replace('minutes: 20', 'minutes: many')
          .replace('not all of them equally', 'not all of them equally (Ana)'),
        baseRevision: current.revision,
      },
    })
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/courses/${slug}/versions`,
      headers,
      payload: { changeSummary: 'Broken on purpose' },
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors).toEqual([
      {
        pointer: '/files/en/01-basics.md',
        reason: 'invalid',
        detail: expect.stringMatching(/^line 3:\d+: minutes must be/),
      },
    ])
    expect(
      (
        await app.inject({ method: 'GET', url: `/api/v1/courses/${slug}/versions`, headers })
      ).json(),
    ).toHaveLength(1)

    const broken = (await app.inject({ method: 'GET', url: draftUrl, headers })).json()
    await app.inject({
      method: 'PUT',
      url: draftUrl,
      headers,
      payload: {
        markdown: broken.markdown.replace('minutes: many', 'minutes: 25'),
        baseRevision: broken.revision,
      },
    })
    const published = await app.inject({
      method: 'POST',
      url: `/api/v1/courses/${slug}/versions`,
      headers,
      payload: { changeSummary: 'Clearer introduction' },
    })
    expect(published.statusCode).toBe(201)
    expect(published.json()).toEqual({ status: 'created', version: 2 })
    const versions = (
      await app.inject({ method: 'GET', url: `/api/v1/courses/${slug}/versions`, headers })
    ).json()
    expect(
      versions.map(
        (v: { number: number; changeSummary: string | null; createdBy: string | null }) => [
          v.number,
          v.changeSummary,
          v.createdBy,
        ],
      ),
    ).toEqual([
      [2, 'Clearer introduction', 'Ana Autorka'],
      [1, null, null],
    ])
    // The draft is gone: editors start again from the published text.
    const after = (await app.inject({ method: 'GET', url: draftUrl, headers })).json()
    expect(after).toMatchObject({ revision: 0 })
    expect(after.markdown).toContain('minutes: 25')
    expect(after.markdown).toContain('(Ana)')
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/courses/${slug}/versions`,
      headers,
      payload: { changeSummary: 'Nothing new' },
    })
    expect(again.json()).toEqual({ status: 'unchanged', version: 2 })
  })

  it('shows what changed between versions and downloads the course with its drafts as a zip', async ({
    app,
    studio,
  }) => {
    const { slug, ana, outsider } = studio
    const headers = bearer(tokenFor(app, ana))
    await saveDraft(app, studio, (markdown) => markdown.replace('minutes: 20', 'minutes: 25'))
    const published = await app.inject({
      method: 'POST',
      url: `/api/v1/courses/${slug}/versions`,
      headers,
      payload: { changeSummary: 'Longer' },
    })
    expect(published.json()).toEqual({ status: 'created', version: 2 })
    const diff = await app.inject({
      method: 'GET',
      url: `/api/v1/courses/${slug}/versions/1/diff/2`,
      headers,
    })
    expect(diff.statusCode).toBe(200)
    expect(diff.json().map((d: { file: string }) => d.file)).toEqual(['en/01-basics.md'])
    const patch = diff.json()[0].patch as string
    expect(patch).toContain('--- v1/en/01-basics.md')
    expect(patch).toContain('-minutes: 20')
    expect(patch).toContain('+minutes: 25')
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/courses/${slug}/versions/1/diff/9`,
          headers,
        })
      ).statusCode,
    ).toBe(404)

    await saveDraft(app, studio, (markdown) => markdown.replace('minutes: 25', 'minutes: 30'))
    const zip = await app.inject({
      method: 'GET',
      url: `/api/v1/courses/${slug}/draft.zip`,
      headers,
    })
    expect(zip.statusCode).toBe(200)
    expect(zip.headers['content-type']).toBe('application/zip')
    expect(zip.headers['content-disposition']).toBe(`attachment; filename="${slug}.zip"`)
    const files = unzipSync(new Uint8Array(zip.rawPayload))
    expect(Object.keys(files).sort()).toEqual([
      `${slug}/course.yaml`,
      `${slug}/en/01-basics.md`,
      `${slug}/en/evaluation.md`,
      `${slug}/sr-Latn/01-basics.md`,
      `${slug}/sr-Latn/evaluation.md`,
    ])
    expect(strFromU8(files[`${slug}/en/01-basics.md`]!)).toContain('minutes: 30')
    expect(strFromU8(files[`${slug}/course.yaml`]!)).toBe(studio.files['course.yaml'])
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/courses/${slug}/draft.zip`,
          headers: bearer(tokenFor(app, outsider)),
        })
      ).statusCode,
    ).toBe(403)
  })
})
