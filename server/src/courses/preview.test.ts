import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'
import { maxModuleLength } from '../course-format/constants.ts'

const libraryRoot = fileURLToPath(new URL('../../../courses/', import.meta.url))

const module = `---
title: Preview
minutes: 10
objectives: [See the preview]
---

## Part one

[bad link](javascript:alert(1))

\`\`\`gift
::Q1:: Is this a preview? {T#No.#Yes, it is.}

::Q2:: Broken {=a ~b =c}
\`\`\`
`

describe('POST /api/v1/module-previews', () => {
  it('renders for trainers: HTML, each question with its key and learner view, and every problem with its file line', async ({
    app,
  }) => {
    const trainer = await createUser(app, { roles: ['trainer'] })
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/module-previews',
      headers: bearer(tokenFor(app, trainer)),
      payload: { markdown: module },
    })
    expect(response.statusCode).toBe(200)
    const preview = response.json()
    expect(preview.frontMatter).toEqual({
      title: 'Preview',
      minutes: 10,
      objectives: ['See the preview'],
    })
    expect(preview.html).toContain('<h2')
    expect(preview.html).not.toContain('javascript:')
    expect(preview.questions).toHaveLength(1)
    expect(preview.questions[0].question).toMatchObject({
      kind: 'true-false',
      answer: true,
      feedbackRight: 'Yes, it is.',
    })
    expect(JSON.stringify(preview.questions[0].learnerView)).not.toContain('Yes, it is.')
    expect(preview.problems.map((p: { line: number }) => p.line)).toEqual([9, 14])
  })

  it('is refused to learners', async ({ app }) => {
    const learner = await createUser(app)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/module-previews',
          headers: bearer(tokenFor(app, learner)),
          payload: { markdown: 'x' },
        })
      ).statusCode,
    ).toBe(403)
  })

  it('refuses Markdown longer than a module can be (400 too-long), on preview and on save', async ({
    app,
  }) => {
    const trainer = bearer(tokenFor(app, await createUser(app, { roles: ['trainer'] })))
    const tooLong = '# T\n\n' + 'x'.repeat(maxModuleLength)
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/module-previews',
      headers: trainer,
      payload: { markdown: tooLong },
    })
    expect(big.statusCode).toBe(400)
    expect(big.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/markdown', reason: 'too-long' }),
    ])
    const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))
    const save = await app.inject({
      method: 'PUT',
      url: '/api/v1/courses/no-such-course/drafts/en/01-rights',
      headers: admin,
      payload: { markdown: tooLong, baseRevision: 0 },
    })
    expect(save.statusCode).toBe(400)
    expect(save.json().errors[0]).toMatchObject({ pointer: '/body/markdown', reason: 'too-long' })
    expect(await app.db.selectFrom('moduleDrafts').select('courseId').execute()).toEqual([])
  })

  it('leaves ample room for the longest module of the course library', () => {
    const longest = Math.max(
      ...readdirSync(libraryRoot, { recursive: true })
        .map(String)
        .filter((file) => file.endsWith('.md'))
        .map((file) => readFileSync(join(libraryRoot, file), 'utf8').length),
    )
    expect(longest).toBeGreaterThan(10_000)
    expect(maxModuleLength).toBeGreaterThanOrEqual(4 * longest)
  })

  it('renders the longest allowed Markdown of repeated headings in well under a second', async ({
    app,
  }) => {
    // markdown-it-anchor numbered the n-th equal heading by trying 1 … n: quadratic, 80 s of CPU
    // for 200,000 characters of "## h".
    const trainer = bearer(tokenFor(app, await createUser(app, { roles: ['trainer'] })))
    const headings = '## h\n\n'.repeat(Math.floor(maxModuleLength / 6))
    const started = process.cpuUsage()
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/module-previews',
      headers: trainer,
      payload: { markdown: headings },
    })
    const cpu = process.cpuUsage(started)
    expect(response.statusCode).toBe(200)
    expect(
      response
        .json()
        .toc.slice(0, 3)
        .map((entry: { id: string }) => entry.id),
    ).toEqual(['h', 'h-1', 'h-2'])
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(1500)
  })

  it('limits each trainer to 60 previews a minute, counted per person', async ({ app }) => {
    const first = bearer(tokenFor(app, await createUser(app, { roles: ['trainer'] })))
    const second = bearer(tokenFor(app, await createUser(app, { roles: ['trainer'] })))
    const preview = (headers: { authorization: string }) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/module-previews',
        headers,
        payload: { markdown: '# T' },
      })
    for (let i = 0; i < 60; i++) expect((await preview(first)).statusCode).toBe(200)
    const refused = await preview(first)
    expect(refused.statusCode).toBe(429)
    expect(refused.json().type).toBe('/problems/rate-limited')
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect((await preview(second)).statusCode).toBe(200)
  })
})
