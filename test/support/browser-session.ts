import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { axeViolations, launchBrowser } from './browser.ts'
import { demoPassword } from './learning-server.ts'

export interface BrowserSession {
  page: Page
  visit(path: string): Promise<Awaited<ReturnType<Page['goto']>>>
  settled(): Promise<void>
  noAxeViolations(): Promise<void>
}

/**
 * A browser signed in as one demo user (or, with `email` null, a visitor without an account) for
 * the suite it is called in (its own hooks open and close it); with JavaScript, pages are hydrated
 * (network idle) before a test goes on.
 */
export function signedIn(
  url: () => string,
  email: string | null,
  javaScriptEnabled: boolean,
): BrowserSession {
  let browser: BrowserContext & { dispose(): Promise<void> }
  const session: BrowserSession = {
    page: undefined as unknown as Page,
    async visit(path: string) {
      const response = await session.page.goto(url() + path)
      if (javaScriptEnabled) await session.page.waitForLoadState('networkidle')
      return response
    },
    async settled() {
      if (javaScriptEnabled) await session.page.waitForLoadState('networkidle')
    },
    // axe runs in the page, so only where JavaScript runs; the pages are the same without it.
    async noAxeViolations() {
      if (javaScriptEnabled) expect(await axeViolations(session.page)).toEqual([])
    },
  }
  beforeAll(async () => {
    browser = await launchBrowser({ javaScriptEnabled })
    session.page = await browser.newPage()
    if (!email) return
    await session.visit('/login')
    await session.page.getByLabel('E-mail address').fill(email)
    await session.page.getByLabel('Password').fill(demoPassword)
    await session.page.getByRole('button', { name: 'Sign in' }).click()
    await session.page.waitForURL((address) => address.pathname !== '/login')
  })
  afterAll(async () => {
    await browser?.dispose()
  })
  return session
}
