import { fileURLToPath } from 'node:url'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { readCourseFiles } from './files.ts'
import { importCourse } from './import.ts'

const fixture = fileURLToPath(new URL('../../../test/fixtures/courses/local-inclusion', import.meta.url))
const draftUrl = '/api/v1/courses/local-inclusion/drafts/en/01-basics'

describe('authoring studio API', () => {
  let ana: TestUser
  let boris: TestUser
  let outsider: TestUser


  // A course with two assigned trainers, and a trainer of no course.
  it.beforeAll(async ({ app }) => {
    await importCourse(app.db, 'local-inclusion', readCourseFiles(fixture))
    ana = await createUser(app, { roles: ['trainer'], name: 'Ana Autorka' })
    boris = await createUser(app, { roles: ['trainer'], name: 'Boris Urednik' })
    outsider = await createUser(app, { roles: ['trainer'] })
    const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    for (const trainer of [ana, boris]) {
      const assigned = await app.inject({ method: 'PUT', url: `/api/v1/courses/local-inclusion/trainers/${trainer.id}`, headers: admin })
      expect(assigned.statusCode).toBe(204)
    }
  })

  it('serves the published text as revision 0, and only to the course’s trainers', async ({ app }) => {
    const draft = await app.inject({ method: 'GET', url: draftUrl, headers: bearer(tokenFor(app, ana)) })
    expect(draft.json()).toMatchObject({ revision: 0, updatedAt: null, updatedBy: null })
    expect(draft.json().markdown).toBe(readCourseFiles(fixture)['en/01-basics.md'])
    expect((await app.inject({ method: 'GET', url: draftUrl, headers: bearer(tokenFor(app, outsider)) })).statusCode).toBe(403)
    expect((await app.inject({ method: 'GET', url: '/api/v1/courses/local-inclusion/drafts/en/99-nothing', headers: bearer(tokenFor(app, ana)) })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/api/v1/courses/local-inclusion/drafts/sq/01-basics', headers: bearer(tokenFor(app, ana)) })).statusCode).toBe(404)
  })

  it('refuses the second of two concurrent saves, showing the first one’s text', async ({ app }) => {
    const original = (await app.inject({ method: 'GET', url: draftUrl, headers: bearer(tokenFor(app, ana)) })).json().markdown as string
    const anaText = original.replace('not all of them equally', 'not all of them equally (Ana)')
    const saved = await app.inject({ method: 'PUT', url: draftUrl, headers: bearer(tokenFor(app, ana)), payload: { markdown: anaText, baseRevision: 0 } })
    expect(saved.json()).toMatchObject({ revision: 1, updatedBy: 'Ana Autorka', markdown: anaText })

    const late = await app.inject({ method: 'PUT', url: draftUrl, headers: bearer(tokenFor(app, boris)), payload: { markdown: original.replace('equally', 'equally (Boris)'), baseRevision: 0 } })
    expect(late.statusCode).toBe(409)
    expect(late.json()).toMatchObject({ type: '/problems/conflict', current: { revision: 1, updatedBy: 'Ana Autorka', markdown: anaText } })
    expect((await app.inject({ method: 'GET', url: draftUrl, headers: bearer(tokenFor(app, boris)) })).json().markdown).toBe(anaText)

    const merged = await app.inject({ method: 'PUT', url: draftUrl, headers: bearer(tokenFor(app, boris)), payload: { markdown: anaText.replace('(Ana)', '(Ana, Boris)'), baseRevision: 1 } })
    expect(merged.json()).toMatchObject({ revision: 2, updatedBy: 'Boris Urednik' })
  })

  it('publishing checks every file, stores nothing when one is wrong, and otherwise makes a new version', async ({ app }) => {
    const headers = bearer(tokenFor(app, ana))
    const current = (await app.inject({ method: 'GET', url: draftUrl, headers })).json()
    await app.inject({ method: 'PUT', url: draftUrl, headers, payload: { markdown: current.markdown.replace('minutes: 20', 'minutes: many'), baseRevision: current.revision } })
    const refused = await app.inject({ method: 'POST', url: '/api/v1/courses/local-inclusion/versions', headers, payload: { changeSummary: 'Broken on purpose' } })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors).toEqual([{ pointer: '/files/en/01-basics.md', reason: 'invalid', detail: expect.stringMatching(/^line 3:\d+: minutes must be/) }])
    expect((await app.inject({ method: 'GET', url: '/api/v1/courses/local-inclusion/versions', headers })).json()).toHaveLength(1)

    const broken = (await app.inject({ method: 'GET', url: draftUrl, headers })).json()
    await app.inject({ method: 'PUT', url: draftUrl, headers, payload: { markdown: broken.markdown.replace('minutes: many', 'minutes: 25'), baseRevision: broken.revision } })
    const published = await app.inject({ method: 'POST', url: '/api/v1/courses/local-inclusion/versions', headers, payload: { changeSummary: 'Clearer introduction' } })
    expect(published.statusCode).toBe(201)
    expect(published.json()).toEqual({ status: 'created', version: 2 })
    const versions = (await app.inject({ method: 'GET', url: '/api/v1/courses/local-inclusion/versions', headers })).json()
    expect(versions.map((v: { number: number; changeSummary: string | null; createdBy: string | null }) => [v.number, v.changeSummary, v.createdBy])).toEqual([
      [2, 'Clearer introduction', 'Ana Autorka'],
      [1, null, null],
    ])
    // The draft is gone: editors start again from the published text.
    const after = (await app.inject({ method: 'GET', url: draftUrl, headers })).json()
    expect(after).toMatchObject({ revision: 0 })
    expect(after.markdown).toContain('minutes: 25')
    expect(after.markdown).toContain('(Ana, Boris)')
    const again = await app.inject({ method: 'POST', url: '/api/v1/courses/local-inclusion/versions', headers, payload: { changeSummary: 'Nothing new' } })
    expect(again.json()).toEqual({ status: 'unchanged', version: 2 })
  })

  it('shows what changed between versions and downloads the course with its drafts as a zip', async ({ app }) => {
    const headers = bearer(tokenFor(app, ana))
    const diff = await app.inject({ method: 'GET', url: '/api/v1/courses/local-inclusion/versions/1/diff/2', headers })
    expect(diff.statusCode).toBe(200)
    expect(diff.json().map((d: { file: string }) => d.file)).toEqual(['en/01-basics.md'])
    const patch = diff.json()[0].patch as string
    expect(patch).toContain('--- v1/en/01-basics.md')
    expect(patch).toContain('-minutes: 20')
    expect(patch).toContain('+minutes: 25')
    expect((await app.inject({ method: 'GET', url: '/api/v1/courses/local-inclusion/versions/1/diff/9', headers })).statusCode).toBe(404)

    const current = (await app.inject({ method: 'GET', url: draftUrl, headers })).json()
    await app.inject({ method: 'PUT', url: draftUrl, headers, payload: { markdown: current.markdown.replace('minutes: 25', 'minutes: 30'), baseRevision: current.revision } })
    const zip = await app.inject({ method: 'GET', url: '/api/v1/courses/local-inclusion/draft.zip', headers })
    expect(zip.statusCode).toBe(200)
    expect(zip.headers['content-type']).toBe('application/zip')
    expect(zip.headers['content-disposition']).toBe('attachment; filename="local-inclusion.zip"')
    const files = unzipSync(new Uint8Array(zip.rawPayload))
    expect(Object.keys(files).sort()).toEqual([
      'local-inclusion/course.yaml',
      'local-inclusion/en/01-basics.md',
      'local-inclusion/en/evaluation.md',
      'local-inclusion/sr-Latn/01-basics.md',
      'local-inclusion/sr-Latn/evaluation.md',
    ])
    expect(strFromU8(files['local-inclusion/en/01-basics.md']!)).toContain('minutes: 30')
    expect(strFromU8(files['local-inclusion/course.yaml']!)).toBe(readCourseFiles(fixture)['course.yaml'])
    expect((await app.inject({ method: 'GET', url: '/api/v1/courses/local-inclusion/draft.zip', headers: bearer(tokenFor(app, outsider)) })).statusCode).toBe(403)
  })
})
