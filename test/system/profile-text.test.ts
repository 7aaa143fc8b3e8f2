import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LearningServer, startLearningServer } from '../support/learning-server.ts'

// The profile page on the real server: a name the API refuses as invalid-text (a bidirectional
// override), posted without JavaScript, comes back in the reader's words; and a signed-in person's
// pages, which show their personal data, are kept by no cache.

let server: LearningServer
let learner: string

beforeAll(async () => {
  server = await startLearningServer()
  learner = await server.login('learner@demo.local')
})
afterAll(() => server?.close())

describe('the profile form', () => {
  it('explains a name with a bidirectional override, and keeps the stored name', async () => {
    const before = await server.api<{ name: string }>('/me', { token: learner })
    const response = await fetch(`${server.url}/profile?/save`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        origin: server.url,
        cookie: `agora_access=${learner}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        name: 'Ana\u202Egnp.exe',
        position: '',
        preferredLanguage: 'en',
        timeZone: 'UTC',
      }),
    })
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain('invisible marks that reverse the reading direction')
    expect((await server.api<{ name: string }>('/me', { token: learner })).name).toBe(before.name)
  })

  it('is kept by no browser or proxy cache, nor is any page of a signed-in person', async () => {
    for (const path of ['/profile', '/learn', '/']) {
      const response = await fetch(`${server.url}${path}`, {
        headers: { accept: 'text/html', cookie: `agora_access=${learner}` },
      })
      expect(response.status, path).toBe(200)
      expect(response.headers.get('cache-control'), path).toBe('private, no-store')
    }
    const anonymous = await fetch(server.url + '/', { headers: { accept: 'text/html' } })
    expect(anonymous.headers.get('cache-control')).not.toBe('private, no-store')
  })
})
