import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rightAnswers01, rightAnswers02 } from '../../server/src/testing/learning.ts'
import { type BrowserSession, signedIn } from '../support/browser-session.ts'
import { type LearningServer, startLearningServer } from '../support/learning-server.ts'

// Issue 15's acceptance, end to end on the real server: a learner completes civic-basics through
// the API, the certificate is issued on its own (the progression listener, else the scheduled
// task), the learner downloads the PDF and the Open Badges credential from My learning, and the
// public page /verify/<code> says valid; the issuing association's coordinator revokes it with a
// reason on the staff page, and the verification page says revoked, when and why. Once with
// JavaScript and once without; axe scans every page where JavaScript runs. Then a re-issue after a
// name correction: the old code's page says replaced and links the new one. And the admin rotates
// the signing key: a credential signed before still verifies.

let server: LearningServer
const url = () => server.url
const api = <T>(path: string, init?: RequestInit & { token?: string }) => server.api<T>(path, init)

let trainerToken: string
let learnerToken: string
let learnerName: string

interface OwnCertificate {
  code: string
  status: 'valid' | 'revoked' | 'replaced'
  courseSlug: string
}

const ownCodes = async () =>
  (await api<{ items: OwnCertificate[] }>('/me/certificates', { token: learnerToken })).items.map(
    (certificate) => certificate.code,
  )

const version = async (id: string) =>
  (await api<{ version: number }>(`/enrolments/${id}`, { token: learnerToken })).version

const event = async (id: string, body: Record<string, unknown>) =>
  api(`/enrolments/${id}/events`, {
    method: 'POST',
    token: learnerToken,
    body: JSON.stringify({ ...body, expectedVersion: await version(id) }),
  })

/**
 * The demo learner takes civic-basics from enrolment to completion through the API, as a learner's
 * pages would: both modules read and passed, a webinar session registered for and attended, the
 * evaluation sent. Their earlier enrolments (completed in an earlier test) are withdrawn first,
 * since a person has one live enrolment per course. Answers the new certificate's code, once
 * issued.
 */
async function completeCivicBasics(label: string): Promise<string> {
  const before = new Set(await ownCodes())
  for (const enrolment of (
    await api<{ items: { id: string }[] }>('/enrolments', { token: learnerToken })
  ).items)
    await api(`/enrolments/${enrolment.id}/withdrawal`, {
      method: 'POST',
      token: learnerToken,
      body: JSON.stringify({ reason: 'Starting over' }),
    })
  const { id } = await api<{ id: string }>('/enrolments', {
    method: 'POST',
    token: learnerToken,
    body: JSON.stringify({ courseSlug: 'civic-basics', language: 'en' }),
  })
  for (const [step, answers] of [
    ['01-rights', rightAnswers01],
    ['02-services', rightAnswers02],
  ] as const) {
    await event(id, { type: 'module.read', step })
    const attempt = await api<{ id: string }>(`/enrolments/${id}/attempts`, {
      method: 'POST',
      token: learnerToken,
      body: JSON.stringify({ step }),
    })
    const graded = await api<{ passed: boolean }>(`/attempts/${attempt.id}/submit`, {
      method: 'POST',
      token: learnerToken,
      body: JSON.stringify({ answers }),
    })
    expect(graded.passed).toBe(true)
  }
  // A session starting in five minutes: open for registration, and attendance can be marked.
  const session = await api<{ id: string }>('/courses/civic-basics/webinars', {
    method: 'POST',
    token: trainerToken,
    body: JSON.stringify({
      step: 'peer-exchange',
      clusterId: null,
      title: `Certificates (${label})`,
      agenda: 'Good practices from our municipalities',
      start: new Date(Date.now() + 5 * 60_000).toISOString().slice(0, 16),
      timeZone: 'UTC',
      durationMinutes: 60,
      joinUrl: 'https://meet.example.org/certificates',
      capacity: null,
      language: 'en',
    }),
  })
  await api(`/enrolments/${id}/webinar-registration`, {
    method: 'PUT',
    token: learnerToken,
    body: JSON.stringify({ step: 'peer-exchange', sessionId: session.id }),
  })
  const { id: learnerId } = await api<{ id: string }>('/me', { token: learnerToken })
  await api(`/webinars/${session.id}/attendance`, {
    method: 'PUT',
    token: trainerToken,
    body: JSON.stringify({ marks: [{ userId: learnerId, status: 'attended' }] }),
  })
  await event(id, {
    type: 'survey.submitted',
    step: 'evaluation',
    answers: { '0': 'The certificate at the end', '1': 5 },
  })
  expect((await api<{ status: string }>(`/enrolments/${id}`, { token: learnerToken })).status).toBe(
    'completed',
  )
  // The mark changed afterwards leaves the learner's next enrolment at a closed gate again (the
  // log is append-only: this enrolment stays completed).
  await api(`/webinars/${session.id}/attendance`, {
    method: 'PUT',
    token: trainerToken,
    body: JSON.stringify({ marks: [{ userId: learnerId, status: 'absent' }] }),
  })
  // Issued by the progression listener at once, or by the scheduled task within a minute.
  const deadline = Date.now() + 90_000
  for (;;) {
    const fresh = (await ownCodes()).filter((code) => !before.has(code))
    if (fresh.length > 0) {
      expect(fresh).toHaveLength(1)
      return fresh[0]!
    }
    if (Date.now() > deadline) throw new Error('No certificate was issued within 90 seconds')
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

/** "6 Dec 2026" as the pages write today's date in English (UTC). */
const today = () =>
  new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date())

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? ''

/** A file the page's link downloads, with the name the browser was given. */
async function download(page: Page, href: string): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`a[href="${href}"]`).click(),
  ])
  return { name: file.suggestedFilename(), body: readFileSync(await file.path()) }
}

beforeAll(async () => {
  server = await startLearningServer()
  await server.assignDemoTrainer()
  trainerToken = await server.login('trainer@demo.local')
  learnerToken = await server.login('learner@demo.local')
  learnerName = (await api<{ name: string }>('/me', { token: learnerToken })).name
})
afterAll(() => server?.close())

for (const javaScriptEnabled of [true, false]) {
  describe(`a certificate is issued, verified and revoked (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    const learner: BrowserSession = signedIn(url, 'learner@demo.local', javaScriptEnabled)
    const coordinator: BrowserSession = signedIn(url, 'coordinator@demo.local', javaScriptEnabled)
    const reason = `Issued by mistake (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`
    let code = ''

    it('issues the certificate when the course completes; My learning gives the PDF and the credential; the verification page says valid', async () => {
      code = await completeCivicBasics(javaScriptEnabled ? 'JavaScript on' : 'JavaScript off')
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
      const { page } = learner

      // My learning keeps the completed course, with the certificate's links.
      await learner.visit('/learn')
      expect(await mainText(page)).toContain('Civic Basics')
      await learner.noAxeViolations()
      const pdf = await download(page, `/learn/certificates/${code}/certificate.pdf`)
      expect(pdf.name).toBe(`agora-certificate-${code}.pdf`)
      expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      const credential = await download(page, `/learn/certificates/${code}/credential.json`)
      expect(credential.name).toBe(`agora-credential-${code}.json`)
      const file = JSON.parse(credential.body.toString('utf8')) as {
        jwt: string
        credential: { type: string[]; credentialSubject: { achievement: { name: unknown } } }
      }
      expect(file.jwt.split('.')).toHaveLength(3)
      expect(file.credential.type).toContain('OpenBadgeCredential')
      // The credential the learner holds verifies as valid (signature, issuer, status).
      const checked = await api<{ result: string; checks: Record<string, boolean> }>(
        '/credential-verifications',
        { method: 'POST', body: JSON.stringify({ credential: credential.body.toString('utf8') }) },
      )
      expect(checked).toMatchObject({
        result: 'valid',
        checks: { signature: true, issuer: true, status: true },
      })

      // The public verification page, followed from My learning.
      await learner.visit('/learn')
      await page.locator(`a[href="/verify/${code}"]`).first().click()
      await page.waitForURL(`${url()}/verify/${code}`)
      await learner.settled()
      const valid = await mainText(page)
      expect(valid).toContain(code)
      expect(valid).toContain('Valid')
      expect(valid).not.toContain('Revoked')
      expect(valid).toContain(learnerName)
      expect(valid).toContain('Civic Basics')
      await learner.noAxeViolations()

      // The staff pages are not the learner's, not even for their own certificate.
      for (const path of ['/coordinate/certificates', `/coordinate/certificates/${code}`])
        expect((await learner.visit(path))?.status(), path).toBe(403)
      await learner.noAxeViolations()
    }, 180_000)

    it('lets the issuing coordinator find it and revoke it with a reason; the verification page then says revoked, when and why', async () => {
      const { page } = coordinator
      // From the staff navigation to the list, searched by the code typed without hyphens.
      await coordinator.visit('/coordinate/overview')
      await page
        .getByRole('navigation', { name: 'Administration' })
        .getByRole('link', { name: 'Certificates' })
        .click()
      await page.waitForURL(`${url()}/coordinate/certificates`)
      await coordinator.settled()
      expect(await page.locator('h1').textContent()).toBe('Certificates')
      await coordinator.noAxeViolations()
      await page.getByLabel('Code or name').fill(code.replaceAll('-', '').toLowerCase())
      await page.getByRole('button', { name: 'Search' }).click()
      await page.waitForURL((address) => address.searchParams.has('q'))
      await coordinator.settled()
      const row = page.locator(`tr[data-certificate="${code}"]`)
      expect(await row.textContent()).toContain(learnerName)
      expect(await row.textContent()).toContain('Civic Basics')
      expect(await row.textContent()).toContain('Valid')
      await coordinator.noAxeViolations()

      await row.getByRole('link', { name: code }).click()
      await page.waitForURL(`${url()}/coordinate/certificates/${code}`)
      await coordinator.settled()
      expect(await page.locator('h1').textContent()).toBe(`Certificate ${code}`)
      const details = await mainText(page)
      expect(details).toContain(learnerName)
      expect(details).toContain(`${url()}/verify/${code}`)
      await coordinator.noAxeViolations()
      const pdf = await download(page, `/coordinate/certificates/${code}/certificate.pdf`)
      expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-')

      // Without a reason and the confirmation, nothing is revoked and the form says why.
      await page.getByRole('button', { name: 'Revoke the certificate' }).click()
      await page.getByRole('alert').waitFor()
      expect(await page.getByRole('alert').textContent()).toContain(
        'Enter the reason for revoking the certificate.',
      )
      expect(await page.getByRole('alert').textContent()).toContain(
        'Confirm that you want to revoke the certificate.',
      )
      await coordinator.noAxeViolations()
      expect((await api<{ status: string }>(`/certificates/${code}/verification`)).status).toBe(
        'valid',
      )

      await page.getByLabel('Reason').fill(reason)
      await page
        .getByLabel(`I understand that certificate ${code} will be shown as revoked`)
        .check()
      await page.getByRole('button', { name: 'Revoke the certificate' }).click()
      await page.getByRole('status').filter({ hasText: 'The certificate is revoked.' }).waitFor()
      await coordinator.settled()
      const revokedPage = await mainText(page)
      expect(revokedPage).toContain(reason)
      expect(revokedPage).toContain('Revoked')
      // A revoked certificate offers neither form again.
      expect(await page.getByRole('button', { name: 'Revoke the certificate' }).count()).toBe(0)
      await coordinator.noAxeViolations()
      // The same page in Serbian (Latin script), through the language switch.
      await page.getByLabel('Language').selectOption('sr-Latn')
      await page.getByRole('button', { name: 'Change language' }).click()
      await page.locator('h1', { hasText: `Sertifikat ${code}` }).waitFor()
      await coordinator.settled()
      expect(await mainText(page)).toContain('Opozvan')
      await coordinator.noAxeViolations()
      await page.getByLabel('Jezik').selectOption('en')
      await page.getByRole('button', { name: 'Promeni jezik' }).click()
      await page.locator('h1', { hasText: `Certificate ${code}` }).waitFor()

      // The public page, as anyone reads it.
      await learner.visit(`/verify/${code}`)
      const revoked = await mainText(learner.page)
      expect(revoked).toContain('Revoked')
      expect(revoked).toContain(reason)
      expect(revoked).toContain(today())
      expect(revoked).not.toContain('Valid')
      await learner.noAxeViolations()
      // So does the credential the learner downloaded, through the status list.
      const credential = await api<{ jwt: string }>(`/certificates/${code}/credential`, {
        token: learnerToken,
      })
      const checked = await api<{ result: string; checks: Record<string, boolean> }>(
        '/credential-verifications',
        { method: 'POST', body: JSON.stringify({ credential: credential.jwt }) },
      )
      expect(checked).toMatchObject({
        result: 'revoked',
        checks: { signature: true, status: false },
      })
    })
  })
}

describe('a certificate is issued again after a name correction', () => {
  const admin: BrowserSession = signedIn(url, 'admin@demo.local', true)
  const visitor: BrowserSession = signedIn(url, null, false)

  it('replaces the certificate: the old code says replaced and links the new one', async () => {
    const code = await completeCivicBasics('re-issue')
    const { page } = admin
    await admin.visit(`/coordinate/certificates/${code}`)
    expect(await page.locator('h1').textContent()).toBe(`Certificate ${code}`)
    await admin.noAxeViolations()
    const corrected = `${learnerName} Petrović`
    await page.getByLabel('Corrected name').fill(corrected)
    await page.getByRole('button', { name: 'Issue the certificate again' }).click()
    await page.getByRole('status').filter({ hasText: 'The certificate was issued again' }).waitFor()
    await admin.settled()
    const newCode = /\/coordinate\/certificates\/([0-9A-Z-]{14})/.exec(page.url())?.[1]
    expect(newCode).toBeDefined()
    expect(newCode).not.toBe(code)
    expect(await mainText(page)).toContain(corrected)
    await admin.noAxeViolations()

    // The staff page of the old code names the new certificate.
    await admin.visit(`/coordinate/certificates/${code}`)
    expect(await mainText(page)).toContain('Replaced')
    expect(await page.locator(`a[href="/coordinate/certificates/${newCode}"]`).count()).toBe(1)
    await admin.noAxeViolations()

    // The public page of the old code, without JavaScript: replaced, with a link to the new one.
    await visitor.visit(`/verify/${code}`)
    expect(await mainText(visitor.page)).toContain('Replaced')
    await visitor.page.locator(`main a[href="/verify/${newCode}"]`).first().click()
    await visitor.page.waitForURL(`${url()}/verify/${newCode}`)
    const replacement = await mainText(visitor.page)
    expect(replacement).toContain('Valid')
    expect(replacement).toContain(corrected)
    // And with JavaScript, for axe.
    await admin.visit(`/verify/${code}`)
    await admin.noAxeViolations()
    await admin.visit(`/verify/${newCode}`)
    await admin.noAxeViolations()
  }, 180_000)
})

for (const javaScriptEnabled of [true, false]) {
  describe(`the admin rotates the signing key (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    const admin: BrowserSession = signedIn(url, 'admin@demo.local', javaScriptEnabled)

    it('lists the keys with the active one marked, rotates, and credentials issued before still verify', async () => {
      const { page } = admin
      await admin.visit('/admin')
      await page.getByRole('link', { name: 'Signing keys' }).first().click()
      await page.waitForURL(`${url()}/admin/signing-keys`)
      await admin.settled()
      expect(await page.locator('h1').textContent()).toBe('Signing keys')
      const rows = page.locator('tr[data-kid]')
      const before = await rows.count()
      expect(before).toBeGreaterThanOrEqual(1)
      expect(await page.locator('tr[data-kid]', { hasText: 'Active' }).count()).toBe(1)
      const activeBefore = await page
        .locator('tr[data-kid]', { hasText: 'Active' })
        .getAttribute('data-kid')
      await admin.noAxeViolations()

      // The confirmation is required.
      await page.getByRole('button', { name: 'Rotate the signing key' }).click()
      await page.getByRole('alert').waitFor()
      expect(await page.getByRole('alert').textContent()).toContain(
        'Confirm that you want to rotate the signing key.',
      )
      expect(await rows.count()).toBe(before)
      await admin.noAxeViolations()

      await page.getByLabel(/Credentials already issued keep verifying/).check()
      await page.getByRole('button', { name: 'Rotate the signing key' }).click()
      await page.getByRole('status').filter({ hasText: 'The signing key was rotated.' }).waitFor()
      await admin.settled()
      expect(await rows.count()).toBe(before + 1)
      const active = page.locator('tr[data-kid]', { hasText: 'Active' })
      expect(await active.count()).toBe(1)
      expect(await active.getAttribute('data-kid')).not.toBe(activeBefore)
      await admin.noAxeViolations()

      // Every certificate the learner holds was signed before; its credential still verifies.
      const codes = await ownCodes()
      expect(codes.length).toBeGreaterThan(0)
      for (const code of codes) {
        const { jwt } = await api<{ jwt: string }>(`/certificates/${code}/credential`, {
          token: learnerToken,
        })
        const checked = await api<{ checks: { signature: boolean; issuer: boolean } }>(
          '/credential-verifications',
          { method: 'POST', body: JSON.stringify({ credential: jwt }) },
        )
        expect(checked.checks).toMatchObject({ signature: true, issuer: true })
      }
    })
  })
}
