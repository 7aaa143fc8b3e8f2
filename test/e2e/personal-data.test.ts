import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../support/browser.ts'
import {
  demoPassword as password,
  type LearningServer,
  startLearningServer,
} from '../support/learning-server.ts'

// "Download my data" on the profile page: the link gives a JSON file named after the day, with the
// person's address and enrolments in it, with JavaScript and without (a plain link).

let server: LearningServer
let enrolmentId: string
const email = 'learner@demo.local'

beforeAll(async () => {
  server = await startLearningServer()
  const token = await server.login(email)
  const enrolment = await server.api<{ id: string }>('/enrolments', {
    method: 'POST',
    token,
    body: JSON.stringify({ courseSlug: 'civic-basics', language: 'en' }),
  })
  enrolmentId = enrolment.id
})
afterAll(() => server?.close())

describe('a visitor', () => {
  it('is sent to sign in and comes back to the download', async () => {
    const response = await fetch(`${server.url}/profile/data`, { redirect: 'manual' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(
      `/login?redirectTo=${encodeURIComponent('/profile/data')}`,
    )
  })
})

for (const javaScriptEnabled of [true, false]) {
  describe(`the profile's "Download my data" (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let browser: Awaited<ReturnType<typeof launchBrowser>>
    let page: Page

    beforeAll(async () => {
      browser = await launchBrowser({ javaScriptEnabled })
      page = await browser.newPage()
      await page.goto(`${server.url}/login?redirectTo=/profile`)
      await page.waitForLoadState('networkidle')
      await page.getByLabel('E-mail address').fill(email)
      await page.getByLabel('Password').fill(password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${server.url}/profile`)
    })
    afterAll(async () => {
      await browser?.dispose()
    })

    it('downloads a JSON file with the person and their enrolments', async () => {
      await page.waitForLoadState('networkidle')
      if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([])
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download my data' }).click(),
      ])
      expect(download.suggestedFilename()).toMatch(/^agora-my-data-\d{4}-\d{2}-\d{2}\.json$/)
      const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
        profile: { email: string }
        enrolments: { id: string; course: string; events: unknown[] }[]
      }
      expect(data.profile.email).toBe(email)
      expect(data.enrolments).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: enrolmentId, course: 'civic-basics', status: 'active' }),
        ]),
      )
      // Still on the profile: the download did not navigate away.
      expect(page.url()).toBe(`${server.url}/profile`)
    })

    it('is an attachment that no cache keeps', async () => {
      const response = await browser.request.get(`${server.url}/profile/data`)
      expect(response.status()).toBe(200)
      expect(response.headers()['cache-control']).toBe('no-store')
      expect(response.headers()['content-type']).toContain('application/json')
      expect(response.headers()['content-disposition']).toMatch(
        /^attachment; filename="agora-my-data-\d{4}-\d{2}-\d{2}\.json"$/,
      )
    })
  })
}
