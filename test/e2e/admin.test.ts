import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../support/browser.ts'
import {
  type RunningServer,
  runScript,
  serverStorage,
  startServer,
} from '../support/server-process.ts'

const password = 'a-long-demo-password-1'
const bulkHeader = 'email,name,roles,municipality_id,association_id,position,language'

let storage: Awaited<ReturnType<typeof serverStorage>>
let server: RunningServer

beforeAll(async () => {
  storage = await serverStorage()
  // The demo users (one per role) are seeded before the server owns the embedded database.
  const seeded = await runScript(
    'scripts/seed-demo.ts',
    {
      ...storage.env,
      DEMO_PASSWORD: password,
    },
    ['--users-only'],
  ).exit
  expect(seeded.code, seeded.stderr).toBe(0)
  server = await startServer(storage.env)
})
afterAll(async () => {
  await server?.stop()
  await storage?.drop()
})

/**
 * One signed-in browser per describe block. With JavaScript, pages are hydrated before use, so
 * that pass exercises the enhanced forms rather than racing them with plain posts; axe needs
 * JavaScript to run in the page, so it only checks that pass.
 */
function signedInBrowser(email: string, javaScriptEnabled: boolean) {
  let browser: BrowserContext & { dispose(): Promise<void> }
  const session = {
    page: undefined as unknown as Page,
    async visit(path: string) {
      const response = await session.page.goto(server.url + path)
      if (javaScriptEnabled) await session.page.waitForLoadState('networkidle')
      return response
    },
    async noAxeViolations() {
      if (javaScriptEnabled) expect(await axeViolations(session.page)).toEqual([])
    },
  }
  beforeAll(async () => {
    browser = await launchBrowser({ javaScriptEnabled })
    session.page = await browser.newPage()
    await session.visit('/login?redirectTo=/admin')
    await session.page.getByLabel('E-mail address').fill(email)
    await session.page.getByLabel('Password').fill(password)
    await session.page.getByRole('button', { name: 'Sign in' }).click()
    await session.page.waitForURL(`${server.url}/admin`)
  })
  afterAll(async () => {
    await browser?.dispose()
  })
  return session
}

const statusText = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: text }).waitFor()

// The same flow runs without JavaScript (plain form posts) and with it (use:enhance). Each pass
// uses its own people and places; the tests of a block build on each other, in order.
describe.each([true, false])('administration as admin (JavaScript %s)', (javaScriptEnabled) => {
  const tag = javaScriptEnabled ? 'js' : 'nojs'
  const session = signedInBrowser('admin@demo.local', javaScriptEnabled)
  const target = javaScriptEnabled
    ? { email: 'learner@demo.local', name: 'Luka Learner', add: 'Trainer' }
    : { email: 'trainer@demo.local', name: 'Teodor Trainer', add: 'Coordinator' }

  it('lands on the administration page with all three sections', async () => {
    const { page } = session
    expect(await page.locator('h1').textContent()).toBe('Administration')
    for (const name of ['Users', 'Organisations', 'Audit log']) {
      expect(await page.getByRole('link', { name, exact: true }).count()).toBeGreaterThan(0)
    }
    await session.noAxeViolations()
  })

  it('searches users and changes one user’s roles', async () => {
    const { page } = session
    // Search is a GET form, so the result has an address.
    await session.visit('/admin/users')
    await page.getByLabel('Name or e-mail contains').fill(target.email)
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    await page.waitForURL(/[?&]q=/)
    const rows = page.locator('tbody tr')
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1)
    expect(await rows.first().locator('td').first().textContent()).toBe(target.email)
    await session.noAxeViolations()

    const row = page.locator(`tr[data-user-email="${target.email}"]`)
    await row.getByLabel(target.add).check()
    await row.getByRole('button', { name: /Save roles/ }).click()
    await statusText(page, `The roles of ${target.name} were saved.`)
    expect(await rows.count()).toBe(1) // the search survives the save, with or without JavaScript
    await session.visit(`/admin/users?q=${encodeURIComponent(target.email)}`)
    expect(await row.getByLabel(target.add).isChecked()).toBe(true)
    await session.noAxeViolations()
  })

  it('asks for confirmation on a page of its own before erasing personal data', async () => {
    const { page } = session
    await session.visit(`/admin/users?q=${encodeURIComponent(target.email)}`)
    await page
      .locator(`tr[data-user-email="${target.email}"]`)
      .getByRole('button', { name: /Erase personal data/ })
      .click()
    await page.waitForURL(/\/admin\/users\/[^/]+\/erase\??$/)
    expect(await page.locator('h1').textContent()).toBe('Erase personal data')
    expect(
      await page
        .getByLabel(`I understand that the personal data of ${target.name} will be erased`)
        .isChecked(),
    ).toBe(false)
    await session.noAxeViolations()
  })

  it('invites one person into a municipality found through its association', async () => {
    const { page } = session
    await session.visit('/admin/users/invite')
    await session.noAxeViolations()
    await page.getByLabel('Association').selectOption('skgo')
    await page.getByLabel('Municipality name contains').fill('Kragu')
    await page.getByRole('button', { name: 'Show municipalities' }).click()
    await page.waitForURL(/association=skgo/)
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Kragujevac' })
    await page.getByLabel('E-mail', { exact: true }).fill(`invited-${tag}@example.org`)
    await page.getByLabel('Name', { exact: true }).fill(`Invited ${tag}`)
    await page.getByLabel('Position (optional)').fill('Officer for minorities')
    expect(await page.getByLabel('Learner').isChecked()).toBe(true)
    await page.getByRole('button', { name: 'Send invitation' }).click()
    await statusText(page, `The invitation was sent to invited-${tag}@example.org. It expires on`)
    await session.noAxeViolations()

    // The address of an existing user is refused, inline and in the summary.
    await page.getByLabel('E-mail', { exact: true }).fill('admin@demo.local')
    await page.getByLabel('Name', { exact: true }).fill('Someone')
    await page.getByRole('button', { name: 'Send invitation' }).click()
    await page
      .getByRole('alert')
      .filter({ hasText: 'A user with this e-mail address already exists.' })
      .waitFor()
    expect(await page.getByLabel('E-mail', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    )
    await session.noAxeViolations()
  })

  it('checks a bulk CSV with a bad row (report, nothing sent), then sends a good one', async () => {
    const { page } = session
    await session.visit('/admin/users/bulk')
    await session.noAxeViolations()
    const good = [
      `bulk-a-${tag}@example.org,Bulk A ${tag},learner,,,,en`,
      `bulk-b-${tag}@example.org,Bulk B ${tag},learner;trainer,,,,sr-Latn`,
    ]
    await page
      .getByLabel('CSV text')
      .fill([bulkHeader, good[0], 'not-an-e-mail,Bad Row,learner,,,,en'].join('\n'))
    await page.getByRole('button', { name: 'Check' }).click()
    await page.getByRole('alert').filter({ hasText: 'Some rows have errors' }).waitFor()
    const reportRows = page.locator('table tbody tr')
    expect(await reportRows.count()).toBe(2)
    expect(await reportRows.nth(1).textContent()).toContain('email: not in the expected form')
    expect(await page.getByRole('button', { name: /^Send \d+ invitation/ }).count()).toBe(0)
    await session.noAxeViolations()

    // Checked first, then sent with the button that re-submits the same text.
    await page.getByLabel('CSV text').fill([bulkHeader, ...good].join('\n'))
    await page.getByRole('button', { name: 'Check' }).click()
    await page.getByRole('button', { name: 'Send 2 invitations' }).click()
    await statusText(page, '2 invitations were sent.')
    await session.noAxeViolations()
  })

  it('adds a municipality and finds it in the browser', async () => {
    const { page } = session
    const municipality = `Testovo ${tag}`
    await session.visit('/admin/organisations/new')
    await session.noAxeViolations()
    await page.getByLabel('Country').selectOption('RS')
    await page.getByLabel('Association').selectOption('skgo')
    await page.getByLabel('Name', { exact: true }).fill(municipality)
    await page.getByLabel('Other names').fill(`Тестово ${tag}`)
    await page.getByRole('button', { name: 'Add municipality' }).click()
    await statusText(page, `${municipality} was added.`)
    await session.visit(`/admin/organisations?country=RS&q=${encodeURIComponent(municipality)}`)
    expect(await page.locator('tbody th[scope="row"]').allTextContents()).toContain(municipality)
    await session.noAxeViolations()

    for (const path of ['/admin/organisations/merge', '/admin/organisations/import']) {
      await session.visit(path)
      await session.noAxeViolations()
    }
  })

  it('filters the audit log by action; only the good CSV created invitations', async () => {
    const { page } = session
    await session.visit('/admin/audit')
    await session.noAxeViolations()
    await page.getByLabel('Action').selectOption('user.roles-changed')
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    await page.waitForURL(/action=user.roles-changed/)
    const actions = await page.locator('tbody td code').allTextContents()
    expect(actions.length).toBeGreaterThan(0)
    expect(new Set(actions)).toEqual(new Set(['user.roles-changed']))
    await session.noAxeViolations()

    await session.visit('/admin/audit?action=invitation.created&actor=admin%40demo')
    const details = (await page.locator('tbody td.details').allTextContents()).join('\n')
    expect(details).toContain(`invited-${tag}@example.org`)
    expect(details.match(new RegExp(`bulk-a-${tag}@`, 'g'))).toHaveLength(1)
    expect(details).toContain(`bulk-b-${tag}@example.org`)
  })
})

describe.each([true, false])(
  'administration as coordinator (JavaScript %s)',
  (javaScriptEnabled) => {
    const session = signedInBrowser('coordinator@demo.local', javaScriptEnabled)

    it('sees users read-only and may invite learners only', async () => {
      const { page } = session
      expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0)
      await session.noAxeViolations()

      await session.visit('/admin/users')
      await page
        .getByText('you can see the users of your association but not change their roles')
        .waitFor()
      expect(await page.locator('tbody tr').count()).toBeGreaterThan(0)
      expect(await page.getByRole('button', { name: /Save roles/ }).count()).toBe(0)
      expect(await page.getByRole('button', { name: /Erase personal data/ }).count()).toBe(0)
      expect(await page.locator('tbody input[type="checkbox"]').count()).toBe(0)
      await session.noAxeViolations()

      await session.visit('/admin/users/invite')
      const roleBoxes = page.locator('input[name="roles"]')
      expect(await roleBoxes.count()).toBe(1)
      expect(await roleBoxes.first().getAttribute('value')).toBe('learner')
      await session.noAxeViolations()
    })

    it('is refused the audit log with a 403 page', async () => {
      const { page } = session
      const response = await session.visit('/admin/audit')
      expect(response?.status()).toBe(403)
      expect(await page.locator('h1').textContent()).toBe('Access denied')
      await session.noAxeViolations()
    })
  },
)
