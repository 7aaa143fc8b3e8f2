import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../support/browser.ts'
import { linkInMail as linkInOutbox } from '../support/mail.ts'
import {
  type RunningServer,
  runScript,
  serverStorage,
  startServer,
} from '../support/server-process.ts'

const adminEmail = 'admin@demo.local'
const demoPassword = 'demo-password-for-e2e'
const newPassword = 'violet harbour lantern 42'

let storage: Awaited<ReturnType<typeof serverStorage>>
let server: RunningServer

beforeAll(async () => {
  storage = await serverStorage()
  // With the embedded database the seed must run before the server opens it.
  const seed = await runScript(
    'scripts/seed-demo.ts',
    {
      ...storage.env,
      DEMO_PASSWORD: demoPassword,
    },
    ['--users-only'],
  ).exit
  if (seed.code !== 0) throw new Error(`seed-demo failed (${seed.code}): ${seed.stderr}`)
  server = await startServer(storage.env)
})
afterAll(async () => {
  await server?.stop()
  await storage?.drop()
})

async function api<T>(
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  })
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** The admin invites a learner through the API; the link arrives in the outbox as an .eml file. */
async function invite(email: string, name: string): Promise<string> {
  const { accessToken } = await api<{ accessToken: string }>('/auth/login', {
    method: 'POST',
    body: { email: adminEmail, password: demoPassword },
  })
  await api('/invitations', {
    method: 'POST',
    token: accessToken,
    body: { email, name, roles: ['learner'] },
  })
  return linkInMail(email, 'invitations')
}

/** The path of the link in the newest e-mail to `email` that leads to /<page>/<token>. */
const linkInMail = (email: string, page: string) =>
  linkInOutbox(join(storage.env.AGORA_DATA_DIR!, 'outbox'), email, page)

// axe runs inside the page, so it needs JavaScript: the no-JS pass checks that every form works
// as a plain POST, the JS pass checks accessibility and the enhanced forms.
describe.each([true, false])('account pages (JavaScript %s)', (javaScriptEnabled) => {
  const noAxeViolations = async (page: Page) => {
    if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([])
  }
  const email = `mira.${javaScriptEnabled ? 'js' : 'nojs'}@example.org`

  it('accepts an invitation, signs in, changes the profile language and logs out', async () => {
    const link = await invite(email, 'Mira Petrović')
    const browser = await launchBrowser({ javaScriptEnabled })
    try {
      const page = await browser.newPage()

      // The invitation names the person and refuses two different passwords, next to the field.
      await page.goto(server.url + link)
      expect(await page.locator('h1').textContent()).toBe('Accept your invitation')
      expect(await page.locator('main').textContent()).toContain('Welcome, Mira Petrović.')
      expect(await page.getByLabel('E-mail address').inputValue()).toBe(email)
      await noAxeViolations(page)
      await page.getByLabel('New password', { exact: true }).fill(newPassword)
      await page.getByLabel('Repeat the new password').fill(newPassword + '!')
      await page.getByRole('button', { name: 'Create my account' }).click()
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain('The two passwords are not the same.')
      const confirmation = page.getByLabel('Repeat the new password')
      expect(await confirmation.getAttribute('aria-invalid')).toBe('true')
      expect(await confirmation.getAttribute('aria-describedby')).toBe('passwordConfirmation-error')
      await noAxeViolations(page)

      await page.getByLabel('New password', { exact: true }).fill(newPassword)
      await confirmation.fill(newPassword)
      await page.getByRole('button', { name: 'Create my account' }).click()
      await page.waitForURL(server.url + '/profile?welcome=1')
      expect(await page.getByRole('status').textContent()).toContain(
        'Welcome to Agora, Mira Petrović!',
      )
      expect(await page.locator('header').textContent()).toContain('Signed in as Mira Petrović')
      await noAxeViolations(page)

      // The link works once.
      await page.goto(server.url + link)
      expect(await page.locator('main').textContent()).toContain('already been accepted')

      await page.goto(server.url + '/profile')
      await page.getByRole('button', { name: 'Log out', exact: true }).click()
      await page.waitForURL(server.url + '/')
      expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(1)

      // A signed-out visit to the profile goes through the login page and comes back.
      await page.goto(server.url + '/profile')
      await page.waitForURL(server.url + '/login?redirectTo=%2Fprofile')
      expect(await page.locator('h1').textContent()).toBe('Sign in')
      await noAxeViolations(page)
      await page.getByLabel('E-mail address').fill(email)
      await page.getByLabel('Password', { exact: true }).fill('not the right password')
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain('The e-mail address or the password is not right.')
      expect(await page.getByLabel('E-mail address').inputValue()).toBe(email)
      await noAxeViolations(page)
      await page.getByLabel('Password', { exact: true }).fill(newPassword)
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
      await page.waitForURL(server.url + '/profile')
      expect(await page.locator('h1').textContent()).toBe('My profile')
      await noAxeViolations(page)

      // Saving Serbian as the preferred language switches the whole UI to it.
      await page.getByLabel('Position').fill('Referent za ljudska prava')
      await page.getByLabel('Preferred language').selectOption('sr-Latn')
      await page.getByLabel('Time zone').selectOption('Europe/Belgrade')
      await page.getByRole('button', { name: 'Save my profile' }).click()
      await page.waitForURL(server.url + '/profile?saved=1')
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('sr-Latn')
      expect(await page.locator('h1').textContent()).toBe('Moj profil')
      expect(await page.getByRole('status').textContent()).toContain('Profil je sačuvan.')
      expect(await page.getByLabel('Radno mesto').inputValue()).toBe('Referent za ljudska prava')
      expect(await page.getByLabel('Vremenska zona').inputValue()).toBe('Europe/Belgrade')
      await noAxeViolations(page)

      await page.getByRole('button', { name: 'Odjavi se', exact: true }).click()
      await page.waitForURL(server.url + '/')
      expect(await page.getByRole('link', { name: 'Prijavi se' }).count()).toBe(1)
      await noAxeViolations(page)

      // Signing in again restores the person's language even after the UI was switched back.
      await page.getByLabel('Jezik').selectOption('en')
      await page.getByRole('button', { name: 'Promeni jezik' }).click()
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
      await page.goto(server.url + '/login')
      await page.getByLabel('E-mail address').fill(email)
      await page.getByLabel('Password', { exact: true }).fill(newPassword)
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
      await page.waitForURL(server.url + '/')
      expect(await page.locator('html').getAttribute('lang')).toBe('sr-Latn')
    } finally {
      await browser.dispose()
    }
  })
})

it('keeps pages for staff away from learners and visitors', async () => {
  const browser = await launchBrowser({ javaScriptEnabled: false })
  try {
    const page = await browser.newPage()
    await page.goto(server.url + '/admin/users')
    expect(page.url()).toBe(server.url + '/login?redirectTo=%2Fadmin%2Fusers')
    await page.getByLabel('E-mail address').fill('learner@demo.local')
    await page.getByLabel('Password', { exact: true }).fill(demoPassword)
    const [signedIn] = await Promise.all([
      page.waitForResponse((response) => response.url() === server.url + '/admin/users'),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ])
    expect(signedIn.status()).toBe(403)
    expect(await page.locator('header').textContent()).toContain('Signed in as Luka Learner')
  } finally {
    await browser.dispose()
  }
})

it('resets a forgotten password with the link from the e-mail', async () => {
  const email = 'trainer@demo.local'
  const browser = await launchBrowser()
  try {
    const page = await browser.newPage()
    await page.goto(server.url + '/login')
    await page.getByRole('link', { name: 'Forgotten your password?' }).click()
    await page.waitForURL(server.url + '/password-reset')
    expect(await axeViolations(page)).toEqual([])
    await page.getByLabel('E-mail address').fill(email)
    await page.getByRole('button', { name: 'Send me the link' }).click()
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('If an account exists for that address')
    expect(await axeViolations(page)).toEqual([])

    await page.goto(server.url + (await linkInMail(email, 'password-reset')))
    expect(await page.locator('h1').textContent()).toBe('Choose a new password')
    await page.getByLabel('New password', { exact: true }).fill('short')
    await page.getByLabel('Repeat the new password').fill('short')
    await page.getByRole('button', { name: 'Save the new password' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('at least 12 characters')
    expect(await axeViolations(page)).toEqual([])
    await page.getByLabel('New password', { exact: true }).fill(newPassword)
    await page.getByLabel('Repeat the new password').fill(newPassword)
    await page.getByRole('button', { name: 'Save the new password' }).click()
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Your password has been changed.')

    await page.getByRole('link', { name: 'Sign in', exact: true }).first().click()
    await page.waitForURL(server.url + '/login')
    await page.getByLabel('E-mail address').fill(email)
    await page.getByLabel('Password', { exact: true }).fill(newPassword)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.waitForURL(server.url + '/')
    expect(await page.locator('header').textContent()).toContain('Signed in as Teodor Trainer')
  } finally {
    await browser.dispose()
  }
})
