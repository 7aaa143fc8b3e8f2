import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn } from '../support/browser-session.ts'
import { type LearningServer, startLearningServer } from '../support/learning-server.ts'

let server: LearningServer
let coordinatorToken = ''

beforeAll(async () => {
  server = await startLearningServer()
  coordinatorToken = await server.login('coordinator@demo.local')
})
afterAll(() => server?.close())

const statusText = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: text }).waitFor()

// The same flow with plain form posts and with use:enhance; each pass has its own cluster.
describe.each([true, false])(
  'a coordinator prepares a cluster and its call (JavaScript %s)',
  (js) => {
    const coordinator = signedIn(() => server.url, 'coordinator@demo.local', js)
    const name = `Pčinja cluster ${js ? 'A' : 'B'}`
    const callTitle = `Call for Pčinja officials ${js ? 'A' : 'B'}`
    let clusterPath = ''
    let callPath = ''

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

    it('creates a draft call, with the deadline in the association’s time zone', async () => {
      const { page } = coordinator
      await coordinator.visit(clusterPath)
      await page.getByRole('link', { name: 'New call for participants' }).click()
      await page.waitForURL(`${server.url}${clusterPath}/calls/new`)
      await coordinator.settled()
      expect(await page.getByLabel('Time zone of the deadline').inputValue()).toBe(
        'Europe/Belgrade',
      )
      await coordinator.noAxeViolations()

      await page.getByRole('button', { name: 'Create the call' }).click()
      await page
        .locator('#title-error')
        .filter({ hasText: 'Enter the title of the call.' })
        .waitFor()
      await coordinator.noAxeViolations()

      await page.getByLabel('Title').fill(callTitle)
      await page.getByLabel('Text of the call').fill('Officials of **Pčinja** may apply.')
      await page.getByLabel('Places').fill('10')
      await page.getByLabel('Deadline', { exact: true }).fill('2027-02-15T23:59')
      await page.getByRole('button', { name: 'Create the call' }).click()
      await page.waitForURL(/\/coordinate\/calls\/[0-9a-f-]{36}\?created$/)
      await coordinator.settled()
      callPath = new URL(page.url()).pathname
      await statusText(page, 'The call has been created as a draft.')
      expect(await page.locator('h1').textContent()).toBe(callTitle)
      expect(await page.locator('[data-call-status]').textContent()).toBe('Draft')
      await page.getByText('Europe/Belgrade, GMT+01:00').waitFor()
      await page.locator('summary', { hasText: 'The text of the call as applicants read' }).click()
      await page.locator('.call-body strong').filter({ hasText: 'Pčinja' }).waitFor()
      await coordinator.noAxeViolations()
    })

    it('cannot open a call without a form, and is told what is missing', async () => {
      const { page } = coordinator
      await page.getByRole('button', { name: 'Open the call' }).click()
      await page.getByText('Add at least one field to the application form.').waitFor()
      expect(await page.locator('[data-call-status]').textContent()).toBe('Draft')
    })

    it('composes the form: a built-in field and a custom choice question', async () => {
      const { page } = coordinator
      await page.locator('#new-builtin').selectOption({ label: 'Position' })
      await page.getByRole('button', { name: 'Add the field' }).click()
      await statusText(page, 'The form has been saved.')
      await page.locator('li[data-field="position"]').waitFor()

      await page.getByRole('button', { name: 'Add the question' }).click()
      await page
        .locator('#new-kind-error')
        .filter({ hasText: 'Choose the kind of question.' })
        .waitFor()
      await page.locator('#new-kind').selectOption({ label: 'Choice of options' })
      await page.locator('#new-label').fill('Your sector')
      await page.locator('#new-options').fill('Finance\nSocial care')
      await page.locator('#new-required').check()
      await page.getByRole('button', { name: 'Add the question' }).click()
      await page.locator('li[data-field="your-sector"]').waitFor()
      await coordinator.noAxeViolations()

      await page.getByRole('button', { name: /Move down.*Position/ }).click()
      await page
        .locator('li[data-field]')
        .last()
        .and(page.locator('[data-field="position"]'))
        .waitFor()
      expect(
        await page
          .locator('li[data-field]')
          .evaluateAll((items) => items.map((item) => item.getAttribute('data-field'))),
      ).toEqual(['your-sector', 'position'])
    })

    it('writes the criteria: eligibility, a score and a per-municipality limit', async () => {
      const { page } = coordinator
      await page.locator('summary', { hasText: 'Add: Form complete' }).click()
      await page.locator('#new-eligibility-complete').getByLabel('Your sector').check()
      await page.getByRole('button', { name: /^Add\s?: Form complete$/ }).click()
      await statusText(page, 'The criteria have been changed and saved.')
      await page.locator('fieldset[data-rule="complete"]').waitFor()

      await page.locator('summary', { hasText: 'Add: Points for a chosen option' }).click()
      await page.locator('#new-scores-choice-question').selectOption({ label: 'Your sector' })
      await page.locator('#new-scores-choice-points-your-sector-finance').fill('2')
      await page.getByRole('button', { name: /^Add\s?: Points for a chosen option$/ }).click()
      await page.locator('fieldset[data-rule="choice"]').waitFor()

      await page.locator('summary', { hasText: 'Add: At most N per municipality' }).click()
      await page.locator('#new-balance-per-municipality-max').fill('0')
      await page.getByRole('button', { name: /^Add\s?: At most N per municipality$/ }).click()
      await page
        .locator('#new-balance-per-municipality')
        .getByText('Enter a whole number from 1 to 10,000.')
        .waitFor()
      await coordinator.noAxeViolations()
      await page.locator('#new-balance-per-municipality-max').fill('1')
      await page.getByRole('button', { name: /^Add\s?: At most N per municipality$/ }).click()
      await page.locator('fieldset[data-rule="per-municipality"]').waitFor()
      expect(await page.locator('#r-scores-0-points-your-sector-finance').inputValue()).toBe('2')
      await coordinator.noAxeViolations()
    })

    it('opens the call, which links to its public page, feed and embed snippet', async () => {
      const { page } = coordinator
      await page.getByRole('button', { name: 'Open the call' }).click()
      await statusText(page, 'The call is open and published.')
      expect(await page.locator('[data-call-status]').textContent()).toBe('Open')
      const publicLink = page.getByRole('link', { name: 'The call’s public page' })
      expect(await publicLink.getAttribute('href')).toBe(callPath.replace('/coordinate', ''))
      expect(
        await page.getByRole('link', { name: 'Open calls as an Atom feed' }).getAttribute('href'),
      ).toMatch(/\/api\/v1\/calls\/feed\?association=skgo$/)
      await page.locator('pre code').filter({ hasText: '<iframe src=' }).waitFor()
      await coordinator.noAxeViolations()

      await coordinator.visit(clusterPath)
      await page.locator(`li[data-call="${callTitle}"]`).getByText('(Open)').waitFor()
      expect(await page.locator('[data-status]').textContent()).toBe('Call open')
    })
  },
)

describe('another association’s cluster and call', () => {
  const coordinator = signedIn(() => server.url, 'coordinator@demo.local', false)
  let foreign = { cluster: '', call: '' }

  beforeAll(async () => {
    const admin = await server.login('admin@demo.local')
    const associations = await server.api<{ id: string; slug: string }[]>('/associations')
    const other = associations.find((association) => association.slug !== 'skgo')!
    const cluster = await server.api<{ id: string }>('/learning-clusters', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({
        associationId: other.id,
        name: 'Cluster of another association',
        startsOn: '2027-01-10',
        endsOn: '2027-02-10',
        capacity: 10,
        courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
      }),
    })
    const call = await server.api<{ id: string }>(`/learning-clusters/${cluster.id}/calls`, {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ title: 'Call of another association' }),
    })
    foreign = { cluster: cluster.id, call: call.id }
  })

  it('are not found, nor their edit, import and new-call pages', async () => {
    for (const path of [
      `/coordinate/calls/${foreign.call}`,
      `/coordinate/clusters/${foreign.cluster}/edit`,
      `/coordinate/clusters/${foreign.cluster}/import`,
      `/coordinate/clusters/${foreign.cluster}/calls/new`,
    ]) {
      const response = await coordinator.visit(path)
      expect(response?.status(), path).toBe(404)
      expect(await coordinator.page.locator('h1').textContent()).toBe('Page not found')
    }
  })
})
