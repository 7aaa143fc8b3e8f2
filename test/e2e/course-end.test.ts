import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rightAnswers01, rightAnswers02 } from '../../server/src/testing/learning.ts'
import { axeViolations, launchBrowser } from '../support/browser.ts'
import {
  demoPassword as password,
  type LearningServer,
  startLearningServer,
} from '../support/learning-server.ts'

let server: LearningServer
let trainerToken: string

const api = <T>(path: string, init?: RequestInit & { token?: string }) => server.api<T>(path, init)
const login = (email: string) => server.login(email)

const version = async (id: string, token: string) =>
  (await api<{ version: number }>(`/enrolments/${id}`, { token })).version

/** A fresh enrolment of the demo learner with both modules passed, through the API. */
async function pastTheModules(token: string): Promise<string> {
  for (const enrolment of (await api<{ items: { id: string }[] }>('/enrolments', { token }))
    .items) {
    await api(`/enrolments/${enrolment.id}/withdrawal`, {
      method: 'POST',
      token,
      body: JSON.stringify({ reason: 'Starting over' }),
    })
  }
  const { id } = await api<{ id: string }>('/enrolments', {
    method: 'POST',
    token,
    body: JSON.stringify({ courseSlug: 'civic-basics', language: 'en' }),
  })
  for (const [step, answers] of [
    ['01-rights', rightAnswers01],
    ['02-services', rightAnswers02],
  ] as const) {
    await api(`/enrolments/${id}/events`, {
      method: 'POST',
      token,
      body: JSON.stringify({
        type: 'module.read',
        step,
        expectedVersion: await version(id, token),
      }),
    })
    const attempt = await api<{ id: string }>(`/enrolments/${id}/attempts`, {
      method: 'POST',
      token,
      body: JSON.stringify({ step }),
    })
    const graded = await api<{ passed: boolean }>(`/attempts/${attempt.id}/submit`, {
      method: 'POST',
      token,
      body: JSON.stringify({ answers }),
    })
    expect(graded.passed).toBe(true)
  }
  return id
}

beforeAll(async () => {
  server = await startLearningServer()
  await server.assignDemoTrainer()
  trainerToken = await login('trainer@demo.local')
})
afterAll(() => server?.close())

// The end of a course: the webinar gate and the evaluation survey, with JavaScript and without.
for (const javaScriptEnabled of [true, false]) {
  describe(`a learner finishes a course (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    it('registers for the webinar, is marked attended, fills the evaluation and completes the course', async () => {
      const learnerToken = await login('learner@demo.local')
      const enrolmentId = await pastTheModules(learnerToken)
      const browser = await launchBrowser({ javaScriptEnabled })
      try {
        const page: Page = await browser.newPage()
        const checkAxe = async () => {
          if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([])
        }
        await page.goto(`${server.url}/login?redirectTo=/learn/civic-basics/peer-exchange`)
        await page.waitForLoadState('networkidle')
        await page.getByLabel('E-mail address').fill('learner@demo.local')
        await page.getByLabel('Password').fill(password)
        await page.getByRole('button', { name: 'Sign in' }).click()
        await page.waitForURL(`${server.url}/learn/civic-basics/peer-exchange`)
        await page.waitForLoadState('networkidle')
        expect(await page.locator('h1').textContent()).toBe('Peer-exchange webinar')
        await checkAxe()
        await page.getByRole('button', { name: 'Register for the webinar' }).click()
        await page.getByRole('status').filter({ hasText: 'You are registered.' }).waitFor()
        await checkAxe()

        await api(`/enrolments/${enrolmentId}/events`, {
          method: 'POST',
          token: trainerToken,
          body: JSON.stringify({
            type: 'webinar.attended',
            step: 'peer-exchange',
            expectedVersion: await version(enrolmentId, learnerToken),
          }),
        })

        await page.goto(`${server.url}/learn/civic-basics/evaluation`)
        await page.waitForLoadState('networkidle')
        expect(await page.locator('h1').textContent()).toBe('Evaluation')
        await checkAxe()
        await page.getByLabel('What was good?').fill('The case studies from real municipalities')
        await page.getByRole('radio', { name: '4' }).check()
        await page.getByRole('button', { name: 'Send the evaluation' }).click()
        await page.waitForURL(`${server.url}/learn/civic-basics`)
        expect(await page.getByRole('status').first().textContent()).toContain('Course completed')
        await checkAxe()
      } finally {
        await browser.dispose()
      }
      const events = await api<{
        items: { type: string; payload: { answers?: Record<string, unknown> } }[]
      }>(`/enrolments/${enrolmentId}/events`, { token: learnerToken })
      expect(events.items.at(-1)).toMatchObject({
        type: 'survey.submitted',
        payload: { answers: { '0': 'The case studies from real municipalities', '1': 4 } },
      })
    })
  })
}
