import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  demoPassword,
  type LearningServer,
  startLearningServer,
} from '../support/learning-server.ts'

// Page addresses a person can type or be sent to, answered by the real server with the built web:
// an address that names nothing is the not-found page (never 502), and a return address with
// characters beyond Latin-1 is a valid Location header (never 500).

let server: LearningServer
let learner: string
let trainer: string

beforeAll(async () => {
  server = await startLearningServer()
  learner = await server.login('learner@demo.local')
  trainer = await server.login('trainer@demo.local')
  await server.assignDemoTrainer()
  await server.api('/enrolments', {
    method: 'POST',
    token: learner,
    body: JSON.stringify({ courseSlug: 'civic-basics' }),
  })
})
afterAll(() => server?.close())

const page = (path: string, token?: string, init: RequestInit = {}) =>
  fetch(server.url + path, {
    redirect: 'manual',
    ...init,
    headers: {
      accept: 'text/html',
      ...(token ? { cookie: `agora_access=${token}` } : {}),
      ...init.headers,
    },
  })

describe('an address that names nothing is the not-found page', () => {
  it.each([
    '/learn/no-such-course',
    '/learn/No_Such_Course',
    '/learn/%E2%82%AC',
    '/learn/no-such-course/01-rights',
    '/learn/No_Such_Course/01-rights',
    '/learn/civic-basics/no-such-step',
    '/learn/civic-basics/No_Such_Step',
  ])('for a signed-in learner: %s', async (path) => {
    // A step of a course they are not enrolled in sends the learner to the course's page first.
    let response = await page(path, learner)
    if (response.status === 303) response = await page(response.headers.get('location')!, learner)
    expect(response.status, path).toBe(404)
    expect(await response.text()).toContain('<html lang="en">')
  })

  it.each([
    '/teach/no-such-course',
    '/teach/No_Such_Course',
    '/teach/no-such-course/en/01-rights',
    '/teach/No_Such_Course/en/01-rights',
    '/teach/civic-basics/xx/01-rights',
    '/teach/civic-basics/en/No_Such_Step',
    '/teach/No_Such_Course/enrolments',
  ])('for a trainer: %s', async (path) => {
    const response = await page(path, trainer)
    expect(response.status, path).toBe(404)
  })
})

describe('a return address beyond Latin-1 is percent-encoded', () => {
  it('after signing in (GET /login while signed in)', async () => {
    const response = await page('/login?redirectTo=/learn/%E2%82%AC%3Fq%3D%C3%BC', learner)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/learn/%E2%82%AC?q=%C3%BC')
  })

  it('after signing in with the form', async () => {
    const response = await page('/login?redirectTo=%2Flearn%2F%E2%82%AC', undefined, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'learner@demo.local', password: demoPassword }),
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/learn/%E2%82%AC')
  })

  it('after choosing a language', async () => {
    const response = await page('/language', undefined, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ locale: 'sr-Latn', redirectTo: '/learn/Ђ€' }),
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/learn/%D0%82%E2%82%AC')
  })
})
