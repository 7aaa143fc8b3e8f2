import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn as signedInAs } from '../support/browser-session.ts'
import { type LearningServer, startLearningServer } from '../support/learning-server.ts'

let server: LearningServer

beforeAll(async () => {
  server = await startLearningServer()
})
afterAll(() => server?.close())

const noCourse =
  'You are not assigned to any course yet. An administrator assigns trainers to courses: ask one to assign you.'

const signedIn = (email: string, javaScriptEnabled: boolean) =>
  signedInAs(() => server.url, email, javaScriptEnabled)

const statusText = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: text }).waitFor()

// The same flow with plain form posts and with use:enhance; each pass ends as it began (the demo
// trainer assigned to no course), so the passes do not depend on each other.
describe.each([true, false])('an admin assigns a course’s trainers (JavaScript %s)', (js) => {
  const admin = signedIn('admin@demo.local', js)
  const trainer = signedIn('trainer@demo.local', js)

  it('tells a trainer without a course who can assign them', async () => {
    await trainer.visit('/teach')
    expect(await trainer.page.locator('main').textContent()).toContain(noCourse)
    await trainer.noAxeViolations()
  })

  it('lists the courses with their trainers, linked from the administration', async () => {
    const { page } = admin
    await admin.visit('/admin')
    await page.getByRole('link', { name: 'Courses and trainers' }).first().click()
    await page.waitForURL(`${server.url}/admin/courses`)
    if (js) await page.waitForLoadState('networkidle')
    expect(await page.locator('h1').textContent()).toBe('Courses and their trainers')
    const row = page.locator('tr[data-course="civic-basics"]')
    expect(await row.locator('td').textContent()).toContain('No trainer yet')
    await admin.noAxeViolations()
  })

  it('refuses an assignment without a trainer chosen, in words', async () => {
    const { page } = admin
    await admin.visit('/admin/courses')
    await page.getByRole('link', { name: 'Civic Basics' }).click()
    await page.waitForURL(`${server.url}/admin/courses/civic-basics`)
    if (js) await page.waitForLoadState('networkidle')
    expect(await page.locator('h1').textContent()).toBe('Trainers of Civic Basics')
    await admin.noAxeViolations()
    await page.getByRole('button', { name: 'Assign', exact: true }).click()
    await page.getByRole('alert').filter({ hasText: 'Choose a trainer.' }).waitFor()
    expect(await page.locator('tbody tr[data-trainer-email]').count()).toBe(0)
    await admin.noAxeViolations()
  })

  it('assigns the trainer, who then finds the course under /teach', async () => {
    const { page } = admin
    await admin.visit('/admin/courses/civic-basics')
    await page.getByLabel('Trainer', { exact: true }).selectOption({
      label: 'Teodor Trainer (trainer@demo.local)',
    })
    await page.getByRole('button', { name: 'Assign', exact: true }).click()
    await statusText(page, 'Teodor Trainer is now a trainer of Civic Basics.')
    const row = page.locator('tr[data-trainer-email="trainer@demo.local"]')
    await row.waitFor()
    expect(await row.locator('th').textContent()).toBe('Teodor Trainer')
    // Everyone with the trainer role is assigned: the form gives way to where roles are given.
    expect(await page.getByLabel('Trainer', { exact: true }).count()).toBe(0)
    await admin.noAxeViolations()

    await admin.visit('/admin/courses')
    expect(await page.locator('tr[data-course="civic-basics"] td').textContent()).toContain(
      'Teodor Trainer',
    )

    await trainer.visit('/teach')
    await trainer.page.getByRole('link', { name: 'Civic Basics' }).click()
    await trainer.page.waitForURL(`${server.url}/teach/civic-basics`)
    await trainer.noAxeViolations()
  })

  it('links the course in /teach to its trainers, for admins only', async () => {
    await trainer.visit('/teach/civic-basics')
    const link = 'Assign or remove the trainers of this course'
    expect(await trainer.page.getByRole('link', { name: link }).count()).toBe(0)
    await admin.visit('/teach/civic-basics')
    await admin.page.getByRole('link', { name: link }).click()
    await admin.page.waitForURL(`${server.url}/admin/courses/civic-basics`)
  })

  it('removes the trainer, who then has no course again', async () => {
    const { page } = admin
    await admin.visit('/admin/courses/civic-basics')
    await page.getByRole('button', { name: /Remove.*Teodor Trainer/ }).click()
    await statusText(page, 'Teodor Trainer is no longer a trainer of Civic Basics.')
    await page.getByText('No trainer is assigned to this course yet.').waitFor()
    await admin.noAxeViolations()

    await trainer.visit('/teach')
    expect(await trainer.page.locator('main').textContent()).toContain(noCourse)
  })
})

describe('a coordinator', () => {
  const coordinator = signedIn('coordinator@demo.local', false)

  it('is refused the page where trainers are assigned, and not shown it', async () => {
    const { page } = coordinator
    await coordinator.visit('/admin/users')
    expect(await page.getByRole('link', { name: 'Courses and trainers' }).count()).toBe(0)
    const response = await page.goto(`${server.url}/admin/courses/civic-basics`)
    expect(response?.status()).toBe(403)
  })
})
