import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../support/browser.ts'
import {
  demoPassword as password,
  type LearningServer,
  startLearningServer,
} from '../support/learning-server.ts'

let server: LearningServer
let coordinatorToken = ''

beforeAll(async () => {
  server = await startLearningServer()
  coordinatorToken = await server.login('coordinator@demo.local')
})
afterAll(() => server?.close())

/** A signed-in browser of one demo user; with JavaScript, pages are hydrated before use. */
function signedIn(email: string, javaScriptEnabled: boolean) {
  let browser: BrowserContext & { dispose(): Promise<void> }
  const session = {
    page: undefined as unknown as Page,
    async visit(path: string) {
      const response = await session.page.goto(server.url + path)
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
    await session.visit('/login')
    await session.page.getByLabel('E-mail address').fill(email)
    await session.page.getByLabel('Password').fill(password)
    await session.page.getByRole('button', { name: 'Sign in' }).click()
    await session.page.waitForURL((url) => url.pathname !== '/login')
  })
  afterAll(async () => {
    await browser?.dispose()
  })
  return session
}

const statusText = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: text }).waitFor()

// The same flow with plain form posts and with use:enhance; each pass has its own cluster.
describe.each([true, false])(
  'a coordinator prepares a cluster and its call (JavaScript %s)',
  (js) => {
    const coordinator = signedIn('coordinator@demo.local', js)
    const name = `Pčinja cluster ${js ? 'A' : 'B'}`
    let clusterPath = ''

    beforeAll(async () => {
      const cluster = await server.api<{ id: string }>('/learning-clusters', {
        method: 'POST',
        token: coordinatorToken,
        body: JSON.stringify({
          name,
          startsOn: '2027-03-01',
          endsOn: '2027-06-30',
          capacity: 20,
          courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
        }),
      })
      clusterPath = `/coordinate/clusters/${cluster.id}`
    })

    it('changes the cluster, and a wrong value is explained beside its field', async () => {
      const { page } = coordinator
      await coordinator.visit(clusterPath)
      await page.getByRole('link', { name: 'Change the cluster' }).click()
      await page.waitForURL(`${server.url}${clusterPath}/edit`)
      await coordinator.settled()
      expect(await page.getByLabel('Name').inputValue()).toBe(name)
      expect(await page.getByLabel('English').isChecked()).toBe(true)
      await coordinator.noAxeViolations()

      await page.getByLabel('Capacity (number of places)').fill('0')
      await page.getByLabel('Description').fill('Officials of **Pčinja** district')
      await page.getByRole('button', { name: 'Save the changes' }).click()
      await page.locator('#capacity-error').filter({ hasText: 'from 1 to 10,000' }).waitFor()
      expect(await page.getByLabel('Description').inputValue()).toBe(
        'Officials of **Pčinja** district',
      )
      await coordinator.noAxeViolations()

      await page.getByLabel('Name').fill(`${name} 2027`)
      await page.getByLabel('Capacity (number of places)').fill('30')
      await page.getByLabel('End date').fill('2027-07-15')
      await page.getByRole('button', { name: 'Save the changes' }).click()
      await page.waitForURL(`${server.url}${clusterPath}?updated`)
      await coordinator.settled()
      await statusText(page, 'The cluster has been changed.')
      expect(await page.locator('h1').textContent()).toBe(`${name} 2027`)
      await page.getByText('0 of 30').waitFor()
      await page.getByText('Officials of **Pčinja** district').waitFor()
      await coordinator.noAxeViolations()
    })

    it('imports members from CSV: a wrong row refuses the file, a right one is imported', async () => {
      const { page } = coordinator
      await coordinator.visit(clusterPath)
      await page.getByRole('link', { name: 'Import members from CSV' }).click()
      await page.waitForURL(`${server.url}${clusterPath}/import`)
      await coordinator.settled()
      await coordinator.noAxeViolations()

      await page.getByLabel('CSV text').fill('email\nlearner@demo.local\nnobody@example.org\n')
      await page.getByRole('button', { name: 'Check' }).click()
      await page.getByRole('alert').filter({ hasText: 'Some rows have errors' }).waitFor()
      const bad = page.locator('tbody tr').filter({ hasText: 'nobody@example.org' })
      expect(await bad.locator('th').textContent()).toBe('3')
      await bad.getByText('no learner of the association has this address').waitFor()
      expect(await page.getByRole('button', { name: /^Add \d+ member/ }).count()).toBe(0)
      await coordinator.noAxeViolations()

      await page.getByLabel('CSV text').fill('email\nlearner@demo.local\n')
      await page.getByRole('button', { name: 'Check' }).click()
      await page.getByRole('button', { name: 'Add 1 member' }).click()
      await statusText(page, '1 member has been added.')
      await coordinator.noAxeViolations()

      await coordinator.visit(clusterPath)
      await page.locator('tr[data-member-email="learner@demo.local"]').waitFor()
    })

    it('shows members who left on request', async () => {
      const { page } = coordinator
      await page.getByLabel('Reason for withdrawing Luka Learner').fill('Changed jobs')
      await page.getByRole('button', { name: /Withdraw.*Luka Learner/ }).click()
      await statusText(page, 'Luka Learner has been withdrawn from the cluster.')
      expect(await page.locator('tr[data-member-email]').count()).toBe(0)

      await page.getByLabel('Also show members who left').check()
      await page.getByRole('button', { name: 'Show', exact: true }).click()
      await page.waitForURL(`${server.url}${clusterPath}?left=1`)
      await coordinator.settled()
      const row = page.locator('tr[data-member-email="learner@demo.local"]')
      await row.getByText('Reason: Changed jobs').waitFor()
      expect(await row.getByRole('button').count()).toBe(0)
      await coordinator.noAxeViolations()
    })
  },
)
