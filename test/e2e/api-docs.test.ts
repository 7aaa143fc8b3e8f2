import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser.ts'
import { type RunningServer, serverStorage, startServer } from '../support/server-process.ts'

let storage: Awaited<ReturnType<typeof serverStorage>>
let server: RunningServer

beforeAll(async () => {
  storage = await serverStorage()
  server = await startServer(storage.env)
})
afterAll(async () => {
  await server?.stop()
  await storage?.drop()
})

describe('/api/docs in a browser, under its Content-Security-Policy', () => {
  it('renders the operations and runs one, with no policy violation', async () => {
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage()
      const violations: string[] = []
      page.on('console', (message) => {
        if (/content security policy/i.test(message.text())) violations.push(message.text())
      })
      // Chromium logs a blocked script or style; the event also catches what it would not log.
      await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) =>
        console.error('Content Security Policy: ' + event.violatedDirective + ' ' + event.blockedURI))`)
      const response = await page.goto(`${server.url}/api/docs/`)
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")

      const health = page.locator('#operations-system-getHealth')
      await health.locator('.opblock-summary').click()
      await health.getByRole('button', { name: 'Try it out' }).click()
      await health.getByRole('button', { name: 'Execute' }).click()
      await expect
        .poll(() =>
          health
            .locator('.live-responses-table tr.response .response-col_status')
            .first()
            .textContent(),
        )
        .toContain('200')
      // Swagger UI renders a long document's operations as a virtual list (only those near the
      // viewport are in the page): scrolled to the end, the last tag's operations are there too.
      const document = (await (await page.request.get(`${server.url}/api/docs/json`)).json()) as {
        paths: Record<string, Record<string, { tags?: string[] }>>
      }
      const operations = Object.values(document.paths).flatMap((path) => Object.values(path))
      expect(operations.length).toBeGreaterThan(100)
      const lastTag = operations.at(-1)!.tags![0]!
      await expect
        .poll(async () => {
          await page.mouse.wheel(0, 100_000)
          return page.locator(`#operations-tag-${lastTag}`).count()
        })
        .toBe(1)
      expect(await page.locator('.opblock').count()).toBeGreaterThan(0)
      expect(violations).toEqual([])
    } finally {
      await browser.dispose()
    }
  })
})
