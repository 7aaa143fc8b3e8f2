import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../support/browser.ts'
import {
  demoPassword as password,
  type LearningServer,
  startLearningServer,
} from '../support/learning-server.ts'

let server: LearningServer

beforeAll(async () => {
  server = await startLearningServer()
})
afterAll(() => server?.close())

async function answerWrongly(page: Page) {
  await page.getByLabel('Your answer').first().fill('1950')
  await page.getByRole('radio', { name: 'False' }).check()
  await page.getByRole('checkbox', { name: 'Charity' }).check()
}

async function answerRightly(page: Page) {
  await page.getByLabel('Your answer').first().fill('1948')
  await page.getByRole('radio', { name: 'True' }).check()
  await page.getByRole('checkbox', { name: 'Participation' }).check()
  await page.getByRole('checkbox', { name: 'Accountability' }).check()
  await page.getByLabel('ICCPR').selectOption({ label: '1966' })
  await page.getByLabel('CRC').selectOption({ label: '1989' })
  await page.getByLabel('CRPD').selectOption({ label: '2006' })
}

// The same journey with JavaScript and without: forms must work as plain posts.
for (const javaScriptEnabled of [true, false]) {
  describe(`a learner takes a course (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let browser: Awaited<ReturnType<typeof launchBrowser>>
    let page: Page
    const email = 'learner@demo.local'

    async function checkAxe() {
      if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([])
    }

    beforeAll(async () => {
      // Both passes use the demo learner: an earlier pass's enrolment is withdrawn first.
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
      const { accessToken } = (await login.json()) as { accessToken: string }
      const auth = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }
      const mine = (await (
        await fetch(`${server.url}/api/v1/enrolments`, { headers: auth })
      ).json()) as { items: { id: string }[] }
      for (const enrolment of mine.items) {
        const withdrawn = await fetch(
          `${server.url}/api/v1/enrolments/${enrolment.id}/withdrawal`,
          { method: 'POST', headers: auth, body: JSON.stringify({ reason: 'Starting over' }) },
        )
        expect(withdrawn.status).toBe(200)
      }
      browser = await launchBrowser({ javaScriptEnabled })
      page = await browser.newPage()
      await page.goto(`${server.url}/login?redirectTo=/learn`)
      await page.waitForLoadState('networkidle')
      await page.getByLabel('E-mail address').fill(email)
      await page.getByLabel('Password').fill(password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${server.url}/learn`)
    })
    afterAll(async () => {
      await browser?.dispose()
    })

    it('enrols from the catalogue and reads module 1', async () => {
      expect(await page.locator('h1').textContent()).toBe('My learning')
      await checkAxe()
      await page.goto(`${server.url}/`)
      await page.waitForLoadState('networkidle')
      await page.getByRole('link', { name: /^View the course\s*:\s*Civic Basics$/ }).click()
      await page.waitForURL(`${server.url}/courses/civic-basics`)
      await checkAxe()
      await page.getByRole('button', { name: 'Enrol in this course' }).click()
      await page.waitForURL(`${server.url}/learn/civic-basics/01-rights`)
      expect(await page.locator('h1').textContent()).toBe('Rights at the counter')
      expect(await page.locator('.module-body').textContent()).toContain('10 December 1948')
      const steps = page.getByRole('navigation', { name: 'Steps of the course' })
      expect(await steps.locator('li').nth(1).textContent()).toContain('locked')
      await checkAxe()
      await page.getByRole('button', { name: 'I have read this module: go to the quiz' }).click()
      await page.waitForURL(`${server.url}/learn/civic-basics/01-rights/quiz`)
    })

    it('fails the quiz, sees why, retries and passes; module 2 opens', async () => {
      await page.getByRole('button', { name: 'Start the quiz' }).click()
      await page.getByRole('button', { name: 'Submit for grading' }).waitFor()
      expect(await page.locator('fieldset').count()).toBe(4)
      await checkAxe()
      await answerWrongly(page)
      await page.getByRole('button', { name: 'Submit for grading' }).click()
      await page.waitForURL(/\/learn\/civic-basics\/01-rights\/quiz\/[0-9a-f-]{36}$/)
      expect(await page.getByRole('status').first().textContent()).toContain('Score: 0%')
      expect(await page.textContent('body')).toContain('the rule looks neutral')
      expect(await page.textContent('body')).not.toContain('Right answer:')
      await checkAxe()

      await page.getByRole('link', { name: 'Try the quiz again' }).click()
      await page.waitForURL(`${server.url}/learn/civic-basics/01-rights/quiz`)
      await page.getByRole('button', { name: 'Try the quiz again' }).click()
      await page.getByRole('button', { name: 'Submit for grading' }).waitFor()
      await answerRightly(page)
      await page.getByRole('button', { name: 'Submit for grading' }).click()
      await page.waitForURL(/\/quiz\/[0-9a-f-]{36}$/)
      expect(await page.getByRole('status').first().textContent()).toContain('Score: 100%')
      await checkAxe()

      await page.getByRole('link', { name: 'Continue to: Services for everyone' }).click()
      await page.waitForURL(`${server.url}/learn/civic-basics/02-services`)
      expect(await page.locator('h1').textContent()).toBe('Services for everyone')
      await checkAxe()
    })

    it('shows the course on the dashboard with its progress and a continue button', async () => {
      await page.goto(`${server.url}/learn`)
      const card = page.locator('.course-card').filter({ hasText: 'Civic Basics' })
      expect(await card.locator('progress').getAttribute('value')).toBe('25')
      await card.getByRole('link', { name: /^Continue\s*:\s*Civic Basics$/ }).click()
      await page.waitForURL(`${server.url}/learn/civic-basics/02-services`)
    })

    it('switches the course language on the course page, then withdraws with a reason', async () => {
      await page.goto(`${server.url}/learn/civic-basics`)
      await page.waitForLoadState('networkidle')
      await checkAxe()
      await page.getByLabel('Read the course in').selectOption('sr-Latn')
      await page.getByRole('button', { name: 'Change the course language' }).click()
      await page.getByRole('status').filter({ hasText: 'Your progress is kept.' }).waitFor()
      expect(await page.locator('h1').textContent()).toBe('Osnove građanstva')
      await checkAxe()

      await page.getByText('Withdraw from this course').click()
      await page.getByLabel(/Why are you withdrawing/).fill('My department changed')
      await page.getByRole('button', { name: 'Withdraw from the course' }).click()
      await page.waitForURL(`${server.url}/learn`)
      expect(await page.locator('main').textContent()).toContain(
        'You are not enrolled in any course yet.',
      )
    })
  })
}
