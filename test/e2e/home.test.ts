import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../server/src/db/create-db.ts'
import { axeViolations, launchBrowser } from '../support/browser.ts'
import { type RunningServer, serverStorage, startServer } from '../support/server-process.ts'

let storage: Awaited<ReturnType<typeof serverStorage>>
let server: RunningServer

beforeAll(async () => {
  storage = await serverStorage()
  // The server owns the embedded database once it runs, so the catalogue is filled before.
  const { db, close } = await createDb(storage.target)
  const { migrateToLatest } = await import('../../server/src/db/migrate.ts')
  await migrateToLatest(db)
  await db
    .insertInto('courses')
    .values({
      slug: 'diversity-management',
      title: JSON.stringify({
        en: 'Diversity Management',
        'sr-Latn': 'Upravljanje različitostima',
      }),
      languages: ['en', 'sr-Latn', 'sq', 'mk'],
      publishedAt: new Date(),
    })
    .execute()
  await close()
  server = await startServer(storage.env)
})
afterAll(async () => {
  await server?.stop()
  await storage?.drop()
})

// axe runs inside the page, so it needs JavaScript: the no-JS pass checks that everything works,
// the JS pass checks accessibility of the same server-rendered markup after hydration.
describe.each([true, false])('home page (JavaScript %s)', (javaScriptEnabled) => {
  const noAxeViolations = async (page: Page) => {
    if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([])
  }

  it('renders the catalogue, switches language with the form, and has no axe violations', async () => {
    const browser = await launchBrowser({ javaScriptEnabled })
    try {
      const page = await browser.newPage()
      await page.goto(server.url + '/')
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
      expect(await page.locator('h1').textContent()).toBe('Courses for municipal officials')
      expect(await page.locator('.course-card h3').textContent()).toBe('Diversity Management')
      expect(await page.locator('.course-card p').first().textContent()).toBe(
        'Available in: English, Serbian (Latin), Albanian, and Macedonian',
      )
      await noAxeViolations(page)

      // The skip link is the first stop for keyboard users and moves focus to the main content.
      await page.keyboard.press('Tab')
      expect(await page.locator(':focus').getAttribute('href')).toBe('#main')

      await page.getByLabel('Language').selectOption('sr-Latn')
      await page.getByRole('button', { name: 'Change language' }).click()
      await page.waitForURL(server.url + '/')
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('sr-Latn')
      expect(await page.locator('h1').textContent()).toBe(
        'Kursevi za zaposlene u lokalnoj samoupravi',
      )
      expect(await page.locator('.course-card h3').textContent()).toBe('Upravljanje različitostima')
      expect(await page.getByLabel('Jezik').inputValue()).toBe('sr-Latn')
      await noAxeViolations(page)

      // The choice is remembered.
      await page.goto(server.url + '/')
      expect(await page.locator('html').getAttribute('lang')).toBe('sr-Latn')
    } finally {
      await browser.dispose()
    }
  })
})

it('shows a translated 404 page without axe violations', async () => {
  const browser = await launchBrowser()
  try {
    const page = await browser.newPage()
    const response = await page.goto(server.url + '/no-such-page')
    expect(response?.status()).toBe(404)
    expect(await page.locator('h1').textContent()).toBe('Page not found')
    expect(await axeViolations(page)).toEqual([])
  } finally {
    await browser.dispose()
  }
})

it('axe reports a deliberately inaccessible page (control for the checks above)', async () => {
  const browser = await launchBrowser()
  try {
    const page = await browser.newPage()
    await page.setContent('<html><body><input type="text"><img src="x.png"></body></html>')
    const rules = (await axeViolations(page)).map((line) => line.split(':')[0])
    expect(rules).toEqual(
      expect.arrayContaining(['label', 'image-alt', 'html-has-lang', 'document-title']),
    )
  } finally {
    await browser.dispose()
  }
})
