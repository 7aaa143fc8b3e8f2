import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../support/browser.ts'
import {
  demoPassword as password,
  type LearningServer,
  startLearningServer,
} from '../support/learning-server.ts'

let server: LearningServer

const api = <T>(path: string, init?: RequestInit & { token?: string }) => server.api<T>(path, init)
const login = (email: string) => server.login(email)

interface Enrolment {
  id: string
  version: number
  progress: { steps: { slug: string; phase: string | null }[] }
}

/** Fails the learner's module 1 quiz until no attempt is left, through the API. */
async function lockModuleOne(token: string, enrolmentId: string): Promise<void> {
  for (;;) {
    const enrolment = await api<Enrolment>(`/enrolments/${enrolmentId}`, { token })
    const phase = enrolment.progress.steps[0]!.phase
    if (phase === 'locked') return
    if (phase === 'reading') {
      await api(`/enrolments/${enrolmentId}/events`, {
        method: 'POST',
        token,
        body: JSON.stringify({
          type: 'module.read',
          step: '01-rights',
          expectedVersion: enrolment.version,
        }),
      })
      continue
    }
    const attempt = await api<{ id: string }>(`/enrolments/${enrolmentId}/attempts`, {
      method: 'POST',
      token,
      body: JSON.stringify({ step: '01-rights' }),
    })
    await api(`/attempts/${attempt.id}/submit`, {
      method: 'POST',
      token,
      body: JSON.stringify({ answers: {} }),
    })
  }
}

let learnerToken: string
let enrolmentId: string

beforeAll(async () => {
  server = await startLearningServer()
  await server.assignDemoTrainer()
  learnerToken = await login('learner@demo.local')
  enrolmentId = (
    await api<Enrolment>('/enrolments', {
      method: 'POST',
      token: learnerToken,
      body: JSON.stringify({ courseSlug: 'civic-basics', language: 'en' }),
    })
  ).id
})
afterAll(() => server?.close())

// The trainer's view of a learner who used every attempt, with JavaScript and without.
for (const javaScriptEnabled of [true, false]) {
  describe(`a trainer follows a learner (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    it('lists the learners, shows the history and answers, and grants another attempt', async () => {
      await lockModuleOne(learnerToken, enrolmentId)
      const browser = await launchBrowser({ javaScriptEnabled })
      try {
        const page = await browser.newPage()
        const checkAxe = async () => {
          if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([])
        }
        await page.goto(`${server.url}/login?redirectTo=/teach/civic-basics/enrolments`)
        await page.waitForLoadState('networkidle')
        await page.getByLabel('E-mail address').fill('trainer@demo.local')
        await page.getByLabel('Password').fill(password)
        await page.getByRole('button', { name: 'Sign in' }).click()
        await page.waitForURL(`${server.url}/teach/civic-basics/enrolments`)
        await page.waitForLoadState('networkidle')
        expect(await page.locator('main').textContent()).toContain('Luka Learner')
        await checkAxe()

        await page.getByRole('link', { name: /Luka Learner/ }).click()
        await page.waitForURL(`${server.url}/teach/civic-basics/enrolments/${enrolmentId}`)
        await page.waitForLoadState('networkidle')
        expect(await page.getByRole('heading', { name: 'Event history' }).count()).toBe(1)
        expect(await page.getByRole('heading', { name: 'Quiz attempts and answers' }).count()).toBe(
          1,
        )
        expect(await page.getByRole('heading', { name: 'Grant another attempt' }).count()).toBe(1)
        await checkAxe()

        await page.getByRole('button', { name: 'Grant an attempt' }).click()
        await page.getByText('Give the reason for the extra attempt.').first().waitFor()
        await page
          .getByLabel('Reason', { exact: true })
          .fill('The connection dropped during the last attempt')
        await page.getByRole('button', { name: 'Grant an attempt' }).click()
        await page.getByRole('status').filter({ hasText: 'Another attempt was granted.' }).waitFor()
        expect(await page.locator('main').textContent()).toContain(
          'The connection dropped during the last attempt',
        )
        await checkAxe()
      } finally {
        await browser.dispose()
      }
      const enrolment = await api<Enrolment>(`/enrolments/${enrolmentId}`, { token: learnerToken })
      expect(enrolment.progress.steps[0]!.phase).toBe('failed')
    })
  })
}
