import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'

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

  it('is refused to learners and rejects oversized input', async ({ app }) => {
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
    const trainer = await createUser(app, { roles: ['trainer'] })
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/module-previews',
      headers: bearer(tokenFor(app, trainer)),
      payload: { markdown: 'x'.repeat(500_001) },
    })
    expect(big.statusCode).toBe(400)
    expect(big.json().errors[0].pointer).toBe('/body/markdown')
  })
})
