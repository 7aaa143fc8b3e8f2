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

const email = 'learner@demo.local'

/** Both passes use the demo learner: an earlier pass's enrolment is withdrawn first. */
async function withdrawEverything() {
  const token = await server.login(email)
  const mine = await server.api<{ items: { id: string }[] }>('/enrolments', { token })
  for (const enrolment of mine.items)
    await server.api(`/enrolments/${enrolment.id}/withdrawal`, {
      method: 'POST',
      token,
      body: JSON.stringify({ reason: 'Starting over' }),
    })
}

// A new visitor, signed out, reads what a course is before enrolling, and is asked to sign in
// only when enrolling. The same journey with JavaScript and without: the forms are plain posts.
for (const javaScriptEnabled of [true, false]) {
  describe(`a visitor reads a course before enrolling (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let browser: Awaited<ReturnType<typeof launchBrowser>>
    let page: Page

    async function checkAxe() {
      if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([])
    }

    beforeAll(async () => {
      await withdrawEverything()
      browser = await launchBrowser({ javaScriptEnabled })
      page = await browser.newPage()
    })
    afterAll(async () => {
      await browser?.dispose()
    })

    it('finds the course in the catalogue with its summary and hours', async () => {
      await page.goto(`${server.url}/`)
      await page.waitForLoadState('networkidle')
      const card = page.locator('.course-card', { hasText: 'Civic Basics' })
      expect(await card.locator('.summary').textContent()).toBe(
        'The rights a resident has and the services a municipality owes. Two short modules.',
      )
      expect(await card.textContent()).toContain('Time needed: about 0.5 hours')
      await checkAxe()
      await card.getByRole('link', { name: /^View the course\s*:\s*Civic Basics$/ }).click()
      await page.waitForURL(`${server.url}/courses/civic-basics`)
    })

    it('reads its summary, audience, outcomes, steps and hours without signing in', async () => {
      expect(await page.locator('h1').textContent()).toBe('Civic Basics')
      expect(await page.locator('.lead').textContent()).toBe(
        'The rights a resident has and the services a municipality owes. Two short modules.',
      )
      const audience = page.getByRole('region', { name: 'Who it is for' })
      expect(await audience.locator('p').textContent()).toBe('New municipal officials.')
      const outcomes = page.getByRole('region', { name: 'What you will be able to do' })
      expect(await outcomes.locator('li').allTextContents()).toEqual([
        'Name the rights a local service touches.',
        'Find the service a resident needs.',
        'Explain a decision to a resident.',
      ])
      const steps = page.getByRole('region', { name: 'How the course runs' }).locator('ol > li')
      const lines = (await steps.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim())
      expect(lines).toEqual([
        'Module Rights at the counter 15 min',
        'Module Services for everyone 10 min',
        'Webinar Peer-exchange webinar A live session with other learners; who cannot attend writes up a good practice instead.',
        'Evaluation Evaluation 5 min',
      ])
      expect(await page.locator('main').textContent()).toContain('Modules in all: about 0.5 hours')
      expect(await page.locator('.facts').textContent()).toContain(
        'Available in: English, Serbian (Latin), and Serbian (Cyrillic)',
      )
      // Nobody asked the visitor to sign in to read this far.
      expect(page.url()).toBe(`${server.url}/courses/civic-basics`)
      await checkAxe()
    })

    it('is asked to sign in on enrolling, and comes back to enrol in the chosen language', async () => {
      const enrol = page.getByRole('region', { name: 'Enrol' })
      expect(await enrol.textContent()).toContain('You will be asked to sign in')
      await enrol.getByLabel('Read the course in').selectOption('sr-Latn')
      await enrol.getByRole('button', { name: 'Enrol in this course' }).click()
      await page.waitForURL(/\/login\?redirectTo=/)
      expect(new URL(page.url()).searchParams.get('redirectTo')).toBe(
        '/courses/civic-basics?language=sr-Latn',
      )
      await page.waitForLoadState('networkidle')
      await checkAxe()
      await page.getByLabel('E-mail address').fill(email)
      await page.getByLabel('Password').fill(password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${server.url}/courses/civic-basics?language=sr-Latn`)
      await page.waitForLoadState('networkidle')
      const back = page.getByRole('region', { name: 'Enrol' })
      expect(await back.textContent()).not.toContain('You will be asked to sign in')
      expect(await back.getByLabel('Read the course in').inputValue()).toBe('sr-Latn')
      await checkAxe()
      await back.getByRole('button', { name: 'Enrol in this course' }).click()
      await page.waitForURL(`${server.url}/learn/civic-basics/01-rights`)
      expect(await page.locator('h1').textContent()).toBe('Prava na šalteru')

      // Enrolled, the course page says so and leads to the course.
      await page.goto(`${server.url}/courses/civic-basics`)
      const enrolled = page.getByRole('region', { name: 'Enrol' })
      expect(await enrolled.textContent()).toContain('You are enrolled in this course.')
      await enrolled.getByRole('link', { name: 'Go to the course' }).click()
      await page.waitForURL(`${server.url}/learn/civic-basics`)
      await checkAxe()
    })
  })
}

it('shows the course in Serbian to a Serbian reader, and a 404 page for an unknown one', async () => {
  const browser = await launchBrowser({ javaScriptEnabled: false })
  try {
    const page = await browser.newPage()
    await page.goto(`${server.url}/`)
    await page.getByLabel('Language').selectOption('sr-Latn')
    await page.getByRole('button', { name: 'Change language' }).click()
    await page.goto(`${server.url}/courses/civic-basics`)
    expect(await page.locator('h1').textContent()).toBe('Osnove građanstva')
    expect(await page.locator('.lead').textContent()).toBe(
      'Prava koja stanovnik ima i usluge koje mu opština duguje. Dva kratka modula.',
    )
    expect(
      await page.getByRole('region', { name: 'Šta ćete moći da uradite' }).locator('li').count(),
    ).toBe(3)
    expect(await page.locator('main').textContent()).toContain('Svi moduli zajedno: oko 0,5 sati')
    const missing = await page.goto(`${server.url}/courses/no-such-course`)
    expect(missing?.status()).toBe(404)
  } finally {
    await browser.dispose()
  }
})
