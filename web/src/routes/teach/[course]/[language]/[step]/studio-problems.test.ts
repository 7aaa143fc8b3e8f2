import { isHttpError } from '@sveltejs/kit'
import { describe, expect, it } from 'vitest'
import { m } from '$lib/paraglide/messages'
import { POST } from './+server'

const trainer = { id: 't', roles: ['trainer'] }

/** The studio's live preview endpoint, with the API answering `answer`. */
async function previewWith(answer: Response) {
  const event = {
    locals: { user: trainer },
    url: new URL('http://agora.test/teach/civic-basics/en/01-rights'),
    request: new Request('http://agora.test/teach/civic-basics/en/01-rights', {
      method: 'POST',
      body: JSON.stringify({ markdown: 'x'.repeat(100_001) }),
    }),
    fetch: async () => answer,
  }
  try {
    await POST(event as unknown as Parameters<typeof POST>[0])
  } catch (thrown) {
    if (isHttpError(thrown)) return thrown
    throw thrown
  }
  throw new Error('no error')
}

const problem = (status: number, body: object) =>
  new Response(JSON.stringify({ status, title: '', ...body }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  })

describe('the studio’s live preview', () => {
  it('says in the trainer’s words that the Markdown is over the limit', async () => {
    const refused = await previewWith(
      problem(400, {
        type: '/problems/validation',
        errors: [{ pointer: '/body/markdown', reason: 'too-long', detail: 'must NOT have more' }],
      }),
    )
    expect(refused.status).toBe(400)
    expect(refused.body.message).toBe(m.teach_markdown_too_long({ max: '150,000' }))
  })

  it('says when the trainer has asked for too many previews, and when to try again', async () => {
    const refused = await previewWith(
      problem(429, { type: '/problems/rate-limited', retryAfter: 30 }),
    )
    expect(refused.status).toBe(429)
    expect(refused.body.message).toBe(m.form_rate_limited({ when: 'in 30 seconds' }))
  })
})
