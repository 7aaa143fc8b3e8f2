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
    it('registers for a session, is marked attended, fills the evaluation and completes the course', async () => {
      const learnerToken = await login('learner@demo.local')
      const enrolmentId = await pastTheModules(learnerToken)
      const learner = await api<{ id: string }>('/me', { token: learnerToken })
      // A session starting in five minutes: open for registration, and its attendance can be
      // marked already (from 15 minutes before the start).
      const title = `Course end (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`
      const session = await api<{ id: string }>('/courses/civic-basics/webinars', {
        method: 'POST',
        token: trainerToken,
        body: JSON.stringify({
          step: 'peer-exchange',
          clusterId: null,
          title,
          agenda: 'Good practices from our municipalities',
          start: new Date(Date.now() + 5 * 60_000).toISOString().slice(0, 16),
          timeZone: 'UTC',
          durationMinutes: 60,
          joinUrl: 'https://meet.example.org/course-end',
          capacity: null,
          language: 'en',
        }),
      })
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
        await page.getByRole('button', { name: `Register: ${title}` }).click()
        await page
          .getByRole('status')
          .filter({ hasText: `You are registered for “${title}”` })
          .waitFor()
        await checkAxe()

        // The trainer marks the learner attended on the session's list: the gate opens.
        await api(`/webinars/${session.id}/attendance`, {
          method: 'PUT',
          token: trainerToken,
          body: JSON.stringify({ marks: [{ userId: learner.id, status: 'attended' }] }),
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
      // A mark changed later changes the list, not the progression (the log is append-only). It
      // also leaves the demo learner with no attendance of the step, which would otherwise open
      // the gate of their next enrolment on arrival.
      await api(`/webinars/${session.id}/attendance`, {
        method: 'PUT',
        token: trainerToken,
        body: JSON.stringify({ marks: [{ userId: learner.id, status: 'absent' }] }),
      })
      expect(
        (await api<{ status: string }>(`/enrolments/${enrolmentId}`, { token: learnerToken }))
          .status,
      ).toBe('completed')
      const events = await api<{
        items: { type: string; payload: Record<string, unknown> }[]
      }>(`/enrolments/${enrolmentId}/events`, { token: learnerToken })
      // The completion brings the certificate, issued at once.
      expect(events.items.map((event) => event.type).slice(-4)).toEqual([
        'webinar.registered',
        'webinar.attended',
        'survey.submitted',
        'certificate.issued',
      ])
      // The evaluation's answers are kept by surveys, apart from the learner: not in the log.
      expect(events.items.at(-2)?.payload).toEqual({ step: 'evaluation' })
    })
  })
}
