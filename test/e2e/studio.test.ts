import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../support/browser.ts'
import {
  repoRoot,
  type RunningServer,
  runScript,
  serverStorage,
  startServer,
} from '../support/server-process.ts'

const password = 'a-long-demo-password-1'
const sentence = 'Municipal services reach most residents, but not all of them equally.'
const changed = 'Municipal services reach most residents, yet some households never hear of them.'

let storage: Awaited<ReturnType<typeof serverStorage>>
let server: RunningServer
let coursesDir: string
let adminToken: string

async function api<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (init.body) headers['content-type'] = 'application/json'
  if (init.token) headers.authorization = `Bearer ${init.token}`
  const response = await fetch(server.url + '/api/v1' + path, { ...init, headers })
  expect(response.ok, `${init.method ?? 'GET'} ${path}: ${response.status}`).toBe(true)
  return (response.status === 204 ? undefined : await response.json()) as T
}

beforeAll(async () => {
  storage = await serverStorage()
  const seeded = await runScript(
    'scripts/seed-demo.ts',
    {
      ...storage.env,
      DEMO_PASSWORD: password,
    },
    ['--users-only'],
  ).exit
  expect(seeded.code, seeded.stderr).toBe(0)
  // The fixture course is imported at start as version 1, from a folder of its own.
  coursesDir = mkdtempSync(join(tmpdir(), 'agora-courses-'))
  cpSync(
    join(repoRoot, 'test/fixtures/courses/local-inclusion'),
    join(coursesDir, 'local-inclusion'),
    { recursive: true },
  )
  server = await startServer({ ...storage.env, COURSES_DIR: coursesDir })

  const { accessToken } = await api<{ accessToken: string }>('/auth/login', {
    method: 'POST',
    body: JSON.stringify({ email: 'admin@demo.local', password }),
  })
  adminToken = accessToken
  const users = await api<{ items: { id: string; email: string }[] }>('/users?q=trainer', {
    token: accessToken,
  })
  const trainer = users.items.find((user) => user.email === 'trainer@demo.local')
  expect(trainer).toBeDefined()
  await api(`/courses/local-inclusion/trainers/${trainer!.id}`, {
    method: 'PUT',
    token: accessToken,
  })
})
afterAll(async () => {
  await server?.stop()
  await storage?.drop()
  if (coursesDir) rmSync(coursesDir, { recursive: true, force: true })
})

describe('authoring studio as an assigned trainer', () => {
  let browser: BrowserContext & { dispose(): Promise<void> }
  let page: Page

  async function visit(path: string) {
    await page.goto(server.url + path)
    await page.waitForLoadState('networkidle')
  }

  beforeAll(async () => {
    browser = await launchBrowser({ javaScriptEnabled: true })
    page = await browser.newPage()
    await visit('/login?redirectTo=/teach')
    await page.getByLabel('E-mail address').fill('trainer@demo.local')
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${server.url}/teach`)
    await page.waitForLoadState('networkidle')
  })
  afterAll(async () => {
    await browser?.dispose()
  })

  it('lists the course the trainer can edit and shows its versions', async () => {
    expect(await page.locator('h1').textContent()).toBe('Authoring studio')
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole('link', { name: 'Inclusion in Local Services' }).click()
    await page.waitForURL(`${server.url}/teach/local-inclusion`)
    await page.waitForLoadState('networkidle')
    expect(await page.locator('tbody tr').count()).toBe(1)
    expect(await page.locator('tbody tr th').first().textContent()).toBe('1')
    expect(await axeViolations(page)).toEqual([])
  })

  it('edits a module with a live preview, its problems listed by line, and saves it', async () => {
    await page.getByLabel('Module name').fill('01-basics')
    await page.getByLabel('Language of the module').selectOption('en')
    await page.getByRole('button', { name: 'Open the editor' }).click()
    await page.waitForURL(`${server.url}/teach/local-inclusion/en/01-basics`)
    await page.waitForLoadState('networkidle')
    const preview = page.getByTestId('module-preview')
    expect(await preview.textContent()).toContain(sentence)
    expect(await page.getByRole('heading', { name: 'Questions and answer keys' }).count()).toBe(1)
    expect(await page.getByText('Answer key: The municipal assembly').count()).toBe(1)
    expect(await axeViolations(page)).toEqual([])

    const editor = page.getByLabel('Markdown of the module')
    const original = await editor.inputValue()
    const edited = original.replace(sentence, changed)
    await editor.fill(edited)
    await preview.filter({ hasText: changed }).waitFor()

    await editor.fill(edited.replace('minutes: 20', 'minutes: soon'))
    const problem = page.locator('.problems a').filter({ hasText: /^line 3: / })
    await problem.waitFor()

    await editor.fill(edited)
    await page.getByText('No problems found.').waitFor()
    await page.getByRole('button', { name: 'Save draft' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved, revision 1.' }).waitFor()
    expect(await editor.inputValue()).toBe(edited)
    expect(await axeViolations(page)).toEqual([])
  })

  it('publishes the draft as version 2', async () => {
    await visit('/teach/local-inclusion')
    await page.getByLabel('Change summary').fill('Clearer opening sentence')
    await page.getByRole('button', { name: 'Publish' }).click()
    await page.getByRole('status').filter({ hasText: 'Version 2 was published.' }).waitFor()
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2)
    const newest = page.locator('tbody tr').first()
    expect(await newest.locator('th').textContent()).toBe('2')
    expect(await newest.textContent()).toContain('Clearer opening sentence')
    expect(await newest.textContent()).toContain('Teodor Trainer')
    expect(await axeViolations(page)).toEqual([])
  })

  it('a learner then reads the new text of version 2', async () => {
    const learner = await launchBrowser({ javaScriptEnabled: true })
    try {
      const reader = await learner.newPage()
      await reader.goto(`${server.url}/login?redirectTo=/learn/local-inclusion/01-basics`)
      // Signing in before the page has hydrated can lose the enhanced form's redirect.
      await reader.waitForLoadState('networkidle')
      await reader.getByLabel('E-mail address').fill('learner@demo.local')
      await reader.getByLabel('Password').fill(password)
      await reader.getByRole('button', { name: 'Sign in' }).click()
      // Not enrolled yet: the module sends the learner to the course page, and enrolling pins version 2.
      await reader.waitForURL(`${server.url}/courses/local-inclusion`)
      await reader.getByRole('button', { name: 'Enrol in this course' }).click()
      await reader.waitForURL(`${server.url}/learn/local-inclusion/01-basics`)
      expect(await reader.locator('h1').textContent()).toBe('Basics of inclusive services')
      const body = await reader.locator('.module-body').textContent()
      expect(body).toContain(changed)
      expect(body).not.toContain(sentence)
      expect(await reader.locator('.meta').textContent()).toContain('Course version 2')
      expect(await reader.content()).not.toContain('the assembly adopts it')
      expect(await axeViolations(reader)).toEqual([])
    } finally {
      await learner.dispose()
    }
  })

  it('shows what changed between version 1 and 2, and downloads the course as a zip', async () => {
    await visit('/teach/local-inclusion')
    await page.getByRole('link', { name: 'Compare with version 1' }).click()
    await page.waitForURL(`${server.url}/teach/local-inclusion/diff/1/2`)
    expect(await page.locator('h1').textContent()).toBe('Changes from version 1 to version 2')
    expect(await page.locator('section.diff h2').allTextContents()).toEqual(['en/01-basics.md'])
    expect(await page.locator('.removed').count()).toBeGreaterThan(0)
    expect(await page.locator('.added').count()).toBeGreaterThan(0)
    expect(await axeViolations(page)).toEqual([])

    const zip = await page.request.get(`${server.url}/teach/local-inclusion/download`)
    expect(zip.status()).toBe(200)
    expect(zip.headers()['content-type']).toBe('application/zip')
    expect((await zip.body()).subarray(0, 2).toString()).toBe('PK')
  })

  it('keeps unsaved typing when the tab is closed, and offers it back', async () => {
    await visit('/teach/local-inclusion/sr-Latn/01-basics')
    const editor = page.getByLabel('Markdown of the module')
    const typed = (await editor.inputValue()).replace(
      'ali ne do svih podjednako',
      'ali ne do svih podjednako (nesačuvano)',
    )
    await editor.fill(typed)
    await page.getByTestId('module-preview').filter({ hasText: '(nesačuvano)' }).waitFor()
    await visit('/teach/local-inclusion/sr-Latn/01-basics')
    expect(await editor.inputValue()).not.toContain('(nesačuvano)')
    await page.getByRole('button', { name: 'Restore it' }).click()
    expect(await editor.inputValue()).toBe(typed)
    await page
      .getByRole('status')
      .filter({ hasText: 'The unsaved text was restored into the editor.' })
      .waitFor()
    expect(await axeViolations(page)).toEqual([])
  })

  it('keeps the trainer’s text and shows the other one when someone saved meanwhile', async () => {
    await visit('/teach/local-inclusion/en/01-basics')
    const editor = page.getByLabel('Markdown of the module')
    const loaded = await editor.inputValue()
    const theirs = loaded.replace('## Who is left out', '## Who is missed')
    await api('/courses/local-inclusion/drafts/en/01-basics', {
      method: 'PUT',
      token: adminToken,
      body: JSON.stringify({ markdown: theirs, baseRevision: 0 }),
    })
    const mine = loaded.replace('## Who is left out', '## Who is not reached')
    await editor.fill(mine)
    await page.getByRole('button', { name: 'Save draft' }).click()
    await page
      .getByRole('alert')
      .filter({ hasText: 'saved this module after you opened it' })
      .waitFor()
    expect(await page.getByLabel('Your text').inputValue()).toBe(mine)
    const other = page.locator('#theirs')
    expect(await other.inputValue()).toBe(theirs)
    expect(await other.getAttribute('readonly')).not.toBeNull()
    expect(await axeViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Save draft' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved, revision 2.' }).waitFor()
    expect(await editor.inputValue()).toBe(mine)
  })
})
