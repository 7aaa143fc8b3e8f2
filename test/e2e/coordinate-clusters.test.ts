import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn } from '../support/browser-session.ts'
import { type LearningServer, startLearningServer } from '../support/learning-server.ts'

let server: LearningServer
/** A cluster of another association than the demo coordinator's, made by the demo admin. */
let foreignCluster: { id: string; name: string }

beforeAll(async () => {
  server = await startLearningServer()
  const admin = await server.login('admin@demo.local')
  const associations = await server.api<{ id: string; slug: string }[]>('/associations')
  const other = associations.find((association) => association.slug !== 'skgo')!
  foreignCluster = await server.api('/learning-clusters', {
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
})
afterAll(() => server?.close())

const statusText = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: text }).waitFor()

// The same flow with plain form posts and with use:enhance; each pass makes its own cluster and
// ends by withdrawing the learner, so the passes do not depend on each other.
describe.each([true, false])('a coordinator runs a learning cluster (JavaScript %s)', (js) => {
  const coordinator = signedIn(() => server.url, 'coordinator@demo.local', js)
  const learner = signedIn(() => server.url, 'learner@demo.local', js)
  const name = `Šumadija cluster ${js ? 'A' : 'B'}`
  let clusterPath = ''

  it('finds the clusters from the navigation and is told what is missing', async () => {
    const { page } = coordinator
    await coordinator.visit('/')
    await page.getByRole('link', { name: 'Learning clusters' }).click()
    await page.waitForURL(`${server.url}/coordinate/clusters`)
    await coordinator.settled()
    expect(await page.locator('h1').textContent()).toBe('Learning clusters')
    expect(await page.getByText(foreignCluster.name).count()).toBe(0)
    await coordinator.noAxeViolations()

    await page.getByLabel('Name').fill(name)
    await page.getByRole('button', { name: 'Create the cluster' }).click()
    await page.getByRole('alert').filter({ hasText: 'Offer at least one course' }).waitFor()
    expect(await page.getByLabel('Name').inputValue()).toBe(name)
    await coordinator.noAxeViolations()
  })

  it('creates a cluster', async () => {
    const { page } = coordinator
    await page.getByLabel('Name').fill(name)
    await page.getByRole('group', { name: 'Civic Basics' }).getByLabel('English').check()
    await page.getByLabel('Start date').fill('2027-03-01')
    await page.getByLabel('End date').fill('2027-06-30')
    await page.getByLabel('Capacity (number of places)').fill('20')
    await page.getByRole('button', { name: 'Create the cluster' }).click()
    await page.waitForURL(/\/coordinate\/clusters\/[0-9a-f-]{36}\?created$/)
    await coordinator.settled()
    clusterPath = new URL(page.url()).pathname
    await statusText(page, 'The cluster has been created.')
    expect(await page.locator('h1').textContent()).toBe(name)
    expect(await page.locator('[data-status]').textContent()).toBe('Draft')
    await coordinator.noAxeViolations()
  })

  it('adds a learner of the association and starts the cluster', async () => {
    const { page } = coordinator
    // An association's learners beyond the first hundred are found by name or address.
    const find = page.getByLabel('Find learners by name or e-mail address')
    await find.fill('no such person')
    await page.getByRole('button', { name: 'Find', exact: true }).click()
    await page.getByText('No learner of the association matches “no such person”').waitFor()
    await find.fill('LUKA')
    await page.getByRole('button', { name: 'Find', exact: true }).click()
    await page.getByLabel('Luka Learner (learner@demo.local)').waitFor()
    await coordinator.settled()

    await page.getByRole('button', { name: 'Add to the cluster' }).click()
    await page.getByRole('alert').filter({ hasText: 'Choose at least one learner.' }).waitFor()

    await page.getByLabel('Luka Learner (learner@demo.local)').check()
    await page.getByRole('button', { name: 'Add to the cluster' }).click()
    await statusText(page, 'Members added: 1. Already members: 0.')
    await page.locator('tr[data-member-email="learner@demo.local"]').waitFor()
    await coordinator.noAxeViolations()

    await page.getByRole('button', { name: 'Move to “Running”' }).click()
    await statusText(page, 'The cluster is now: Running.')
    expect(await page.locator('[data-status]').textContent()).toBe('Running')
    await coordinator.noAxeViolations()

    await coordinator.visit('/coordinate/clusters')
    const row = page.locator(`tr[data-cluster="${name}"]`)
    expect(await row.locator('td').allTextContents()).toEqual([
      'Running',
      expect.stringContaining('2027'),
      '1 of 20',
    ])
  })

  it('lets the learner find the course under My learning', async () => {
    await learner.visit('/learn')
    await learner.page.getByRole('link', { name: 'Civic Basics', exact: true }).waitFor()
    await learner.noAxeViolations()
  })

  it('withdraws the learner with a reason', async () => {
    const { page } = coordinator
    await coordinator.visit(clusterPath)
    const row = page.locator('tr[data-member-email="learner@demo.local"]')
    await row.getByRole('button', { name: /Withdraw/ }).click()
    await page.getByText('Enter the reason for the withdrawal.').waitFor()
    await page.getByLabel('Reason for withdrawing Luka Learner').fill('Moved to another post')
    await page.getByRole('button', { name: /Withdraw.*Luka Learner/ }).click()
    await statusText(page, 'Luka Learner has been withdrawn from the cluster.')
    expect(await page.locator('tr[data-member-email]').count()).toBe(0)
    await coordinator.noAxeViolations()

    await learner.visit('/learn')
    expect(
      await learner.page.getByRole('link', { name: 'Civic Basics', exact: true }).count(),
    ).toBe(0)
  })

  it('assigns a trainer to the cluster and removes them', async () => {
    const { page } = coordinator
    await coordinator.visit(clusterPath)
    await page.getByText('No trainer is assigned to this cluster yet.').waitFor()
    await page.getByRole('button', { name: 'Assign the trainer' }).click()
    await page.getByRole('alert').filter({ hasText: 'Choose a trainer.' }).waitFor()
    await page.getByLabel('Trainer', { exact: true }).selectOption({
      label: 'Teodor Trainer (trainer@demo.local)',
    })
    await page.getByRole('button', { name: 'Assign the trainer' }).click()
    await statusText(page, 'The trainer has been assigned to the cluster.')
    await page.locator('li[data-trainer-email="trainer@demo.local"]').waitFor()
    await coordinator.noAxeViolations()

    await page.getByRole('button', { name: /Remove.*Teodor Trainer/ }).click()
    await statusText(page, 'Teodor Trainer is no longer a trainer of the cluster.')
    await page.getByText('No trainer is assigned to this cluster yet.').waitFor()
  })

  it('answers not found for a cluster of another association', async () => {
    const response = await coordinator.visit(`/coordinate/clusters/${foreignCluster.id}`)
    expect(response?.status()).toBe(404)
    expect(await coordinator.page.locator('h1').textContent()).toBe('Page not found')
    await coordinator.noAxeViolations()
  })
})
