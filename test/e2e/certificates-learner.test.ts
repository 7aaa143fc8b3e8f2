import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rightAnswers01, rightAnswers02 } from '../../server/src/testing/learning.ts'
import { axeViolations, launchBrowser } from '../support/browser.ts'
import {
  demoPassword as password,
  type LearningServer,
  startLearningServer,
} from '../support/learning-server.ts'

// A learner's certificate, from My learning to the public verification page (issue 15): the
// course completed through the API stays under My courses with its certificate's links; the PDF
// and the Open Badges credential download; /verify/<code> says valid, an unknown code is a 404
// with the form; the credential file uploaded at /verify is valid, a tampered one is not. With
// and without JavaScript, axe on every page.

let server: LearningServer
let code: string
let learnerName: string

const api = <T>(path: string, init?: RequestInit & { token?: string }) => server.api<T>(path, init)

type Listed = { id: string; status: string; certificate: { code: string; status: string } | null }

/** The demo learner takes civic-basics to its end through the API, as course-end.test.ts does. */
async function completeCivicBasics(): Promise<string> {
  const token = await server.login('learner@demo.local')
  const trainerToken = await server.login('trainer@demo.local')
  const version = async (id: string) =>
    (await api<{ version: number }>(`/enrolments/${id}`, { token })).version
  const event = async (id: string, body: Record<string, unknown>) =>
    api(`/enrolments/${id}/events`, {
      method: 'POST',
      token,
      body: JSON.stringify({ ...body, expectedVersion: await version(id) }),
    })
  const { id } = await api<{ id: string }>('/enrolments', {
    method: 'POST',
    token,
    body: JSON.stringify({ courseSlug: 'civic-basics', language: 'en' }),
  })
  for (const [step, answers] of [
    ['01-rights', rightAnswers01],
    ['02-services', rightAnswers02],
  ] as const) {
    await event(id, { type: 'module.read', step })
    const attempt = await api<{ id: string }>(`/enrolments/${id}/attempts`, {
      method: 'POST',
      token,
      body: JSON.stringify({ step }),
    })
    await api(`/attempts/${attempt.id}/submit`, {
      method: 'POST',
      token,
      body: JSON.stringify({ answers }),
    })
  }
  const session = await api<{ id: string }>('/courses/civic-basics/webinars', {
    method: 'POST',
    token: trainerToken,
    body: JSON.stringify({
      step: 'peer-exchange',
      clusterId: null,
      title: 'Certificates',
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
    token,
    body: JSON.stringify({ step: 'peer-exchange', sessionId: session.id }),
  })
  const me = await api<{ id: string; name: string }>('/me', { token })
  learnerName = me.name
  await api(`/webinars/${session.id}/attendance`, {
    method: 'PUT',
    token: trainerToken,
    body: JSON.stringify({ marks: [{ userId: me.id, status: 'attended' }] }),
  })
  await event(id, { type: 'survey.submitted', step: 'evaluation', answers: { 0: 'Useful', 1: 4 } })
  // Issued on the completion (the progression bus), else by the task that runs every minute.
  for (let waited = 0; waited < 90_000; waited += 500) {
    const listed = (await api<{ items: Listed[] }>('/enrolments', { token })).items
    const mine = listed.find((enrolment) => enrolment.id === id)
    expect(mine?.status).toBe('completed')
    if (mine?.certificate) return mine.certificate.code
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error('no certificate within 90 s of completion')
}

beforeAll(async () => {
  server = await startLearningServer()
  await server.assignDemoTrainer()
  code = await completeCivicBasics()
}, 180_000)
afterAll(() => server?.close())

async function signIn(page: Page, redirectTo: string) {
  await page.goto(`${server.url}/login?redirectTo=${encodeURIComponent(redirectTo)}`)
  await page.waitForLoadState('networkidle')
  await page.getByLabel('E-mail address').fill('learner@demo.local')
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${server.url}${redirectTo}`)
  await page.waitForLoadState('networkidle')
}

/** A credential file with one character of its signed payload changed. */
function tampered(file: string): string {
  const download = JSON.parse(file) as { jwt: string; credential: unknown }
  const [header, payload, signature] = download.jwt.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
  const changed = JSON.stringify({ ...claims, name: `${String(claims.name)} (forged)` })
  return JSON.stringify({
    ...download,
    jwt: [header, Buffer.from(changed).toString('base64url'), signature].join('.'),
  })
}

for (const javaScriptEnabled of [true, false]) {
  describe(`a learner's certificate (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    // axe runs in the page, so only with JavaScript (the markup is the same without).
    const checkAxe = async (page: Page) => {
      if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([])
    }

    it('My learning lists the completed course with its certificate links; the credential downloads as JSON', async () => {
      const browser = await launchBrowser({ javaScriptEnabled })
      try {
        const page = await browser.newPage()
        await signIn(page, '/learn')
        const card = page.locator('.course-card').filter({ hasText: 'Civic Basics' })
        expect(await card.textContent()).toMatch(/Completed on \w{3} \d{1,2}, \d{4}/)
        expect(await card.textContent()).toContain(`Verification code: ${code}`)
        expect(await page.locator('main').textContent()).not.toContain(
          'You are not enrolled in any course yet.',
        )
        await checkAxe(page)

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          card
            .getByRole('link', {
              name: /^Digital credential \(Open Badges, JSON\)\s?: Civic Basics$/,
            })
            .click(),
        ])
        expect(download.suggestedFilename()).toBe(`agora-credential-${code}.json`)
        const credential = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
          jwt: string
          credential: { type: string[]; credentialSubject: { name?: string } }
        }
        expect(credential.jwt.split('.')).toHaveLength(3)
        expect(credential.credential.type).toContain('OpenBadgeCredential')

        // The verification page, from its link on the card.
        await card.getByRole('link', { name: /^Verification page\s?: Civic Basics$/ }).click()
        await page.waitForURL(`${server.url}/verify/${code}`)
        expect(await page.locator('h1').textContent()).toBe(`Certificate ${code}`)
      } finally {
        await browser.dispose()
      }
    }, 120_000)

    it('the PDF from My learning is a PDF, kept by no cache', async () => {
      const browser = await launchBrowser({ javaScriptEnabled })
      try {
        const page = await browser.newPage()
        await signIn(page, '/learn')
        const card = page.locator('.course-card').filter({ hasText: 'Civic Basics' })
        const pdfLink = card.getByRole('link', { name: /^Certificate \(PDF\)\s?: Civic Basics$/ })
        expect(await pdfLink.getAttribute('href')).toBe(
          `/learn/certificates/${code}/certificate.pdf`,
        )
        const pdf = await page.request.get(server.url + (await pdfLink.getAttribute('href'))!)
        expect(pdf.status()).toBe(200)
        expect(pdf.headers()['content-type']).toBe('application/pdf')
        expect(pdf.headers()['content-disposition']).toContain(`agora-certificate-${code}.pdf`)
        expect(pdf.headers()['cache-control']).toBe('private, no-store')
        expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')

        const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()])
        expect(download.suggestedFilename()).toBe(`agora-certificate-${code}.pdf`)
      } finally {
        await browser.dispose()
      }
    }, 120_000)

    it('the verification page says valid, with the certificate and nothing else; a code is read as typed', async () => {
      const browser = await launchBrowser({ javaScriptEnabled })
      try {
        const page = await browser.newPage()
        // A visitor, not signed in, types the code in lower case without hyphens.
        await page.goto(`${server.url}/verify`)
        expect(await page.locator('h1').textContent()).toBe('Verify a certificate')
        await checkAxe(page)
        await page.getByLabel('Verification code').fill(code.replaceAll('-', '').toLowerCase())
        await page.getByRole('button', { name: 'Verify', exact: true }).click()
        await page.waitForURL(`${server.url}/verify/${code}`)
        const main = page.locator('main')
        expect(await page.locator('.verdict-label').textContent()).toContain('Valid')
        const details = await page.locator('dl.details').textContent()
        expect(details).toContain(learnerName)
        expect(details).toMatch(/Civic Basics, version \d+/)
        expect(details).toContain('Issued by')
        expect(details).toContain('Hours')
        expect(await main.textContent()).not.toContain('learner@demo.local')
        await checkAxe(page)
        // No script is sent to the browser.
        expect(await page.locator('script[src], link[rel="modulepreload"]').count()).toBe(0)

        // In Serbian (Latin script) through the language switch.
        await page.getByLabel('Language').selectOption('sr-Latn')
        await page.getByRole('button', { name: 'Change language' }).click()
        await page.waitForURL(`${server.url}/verify/${code}`)
        await page.getByText('Važeći').first().waitFor()
        expect(await page.locator('dl.details').textContent()).toContain('Izdavalac')
        await checkAxe(page)
        await page.getByLabel('Jezik').selectOption('en')
        await page.getByRole('button', { name: 'Promeni jezik' }).click()
        await page.waitForURL(`${server.url}/verify/${code}`)
      } finally {
        await browser.dispose()
      }
    }, 120_000)

    it('an unknown code is a 404 page with the form again', async () => {
      const browser = await launchBrowser({ javaScriptEnabled })
      try {
        const page = await browser.newPage()
        const unknown = code === '0000-0000-0000' ? '1111-1111-1111' : '0000-0000-0000'
        const response = await page.goto(`${server.url}/verify/${unknown}`)
        expect(response?.status()).toBe(404)
        expect(await page.locator('h1').textContent()).toBe('Unknown verification code')
        expect(await page.locator('main').textContent()).toContain(
          `No certificate has the code ${unknown}`,
        )
        expect(await page.getByLabel('Verification code').inputValue()).toBe(unknown)
        await checkAxe(page)
        // What cannot be a code is said at the field of /verify.
        await page.getByLabel('Verification code').fill('not a code')
        await page.getByRole('button', { name: 'Verify', exact: true }).click()
        await page.getByRole('alert').waitFor()
        expect(await page.getByRole('alert').textContent()).toContain('has 12 letters and digits')
        await checkAxe(page)
      } finally {
        await browser.dispose()
      }
    }, 120_000)

    it('an uploaded credential file is valid; a tampered one is not', async () => {
      const token = await server.login('learner@demo.local')
      const response = await fetch(`${server.url}/api/v1/certificates/${code}/credential`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      })
      expect(response.status).toBe(200)
      const file = await response.text()
      const browser = await launchBrowser({ javaScriptEnabled })
      try {
        const page = await browser.newPage()
        await page.goto(`${server.url}/verify`)
        await page.getByLabel('Credential file').setInputFiles({
          name: `agora-credential-${code}.json`,
          mimeType: 'application/json',
          buffer: Buffer.from(file),
        })
        await page.getByRole('button', { name: 'Check the file' }).click()
        const result = page.locator('.result')
        await result.waitFor()
        expect(await result.textContent()).toContain('The credential is valid.')
        expect(await result.textContent()).toContain('valid, made with a key of Agora')
        expect(await result.textContent()).toContain('not revoked')
        expect(await result.textContent()).toContain(code)
        expect(await result.textContent()).toContain(learnerName)
        await checkAxe(page)

        await page.getByLabel('Credential file').setInputFiles({
          name: 'forged.json',
          mimeType: 'application/json',
          buffer: Buffer.from(tampered(file)),
        })
        await page.getByRole('button', { name: 'Check the file' }).click()
        await page.locator('.result-invalid').waitFor()
        expect(await page.locator('.result').textContent()).toContain(
          'The credential is not valid.',
        )
        expect(await page.locator('.result').textContent()).toContain('invalid or missing')
        expect(await page.locator('.result').textContent()).not.toContain('(forged)')
        await checkAxe(page)
      } finally {
        await browser.dispose()
      }
    }, 120_000)
  })
}

describe('a re-issued and a revoked certificate', () => {
  it('the old code says replaced and links the new one; a revoked one says when and why', async () => {
    const admin = await server.login('admin@demo.local')
    const reissued = await api<{ code: string }>(`/certificates/${code}/reissue`, {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ learnerName: 'Luka Učenik' }),
    })
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage()
      await page.goto(`${server.url}/verify/${code}`)
      expect(await page.locator('.verdict-label').textContent()).toContain('Replaced')
      expect(await axeViolations(page)).toEqual([])
      await page.getByRole('link', { name: reissued.code }).click()
      await page.waitForURL(`${server.url}/verify/${reissued.code}`)
      expect(await page.locator('.verdict-label').textContent()).toContain('Valid')
      expect(await page.locator('dl.details').textContent()).toContain('Luka Učenik')

      await api(`/certificates/${reissued.code}/revocation`, {
        method: 'POST',
        token: admin,
        body: JSON.stringify({ reason: 'Issued by mistake' }),
      })
      await page.reload()
      expect(await page.locator('.verdict-label').textContent()).toContain('Revoked')
      const verdict = await page.locator('.verdict').textContent()
      expect(verdict).toMatch(/This certificate was revoked on \w{3} \d{1,2}, \d{4}\./)
      expect(verdict).toContain('Reason: Issued by mistake')
      expect(await axeViolations(page)).toEqual([])

      // Its credential, uploaded, is authentic but revoked (the status list says so).
      const token = await server.login('learner@demo.local')
      const file = await (
        await fetch(`${server.url}/api/v1/certificates/${reissued.code}/credential`, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        })
      ).text()
      await page.goto(`${server.url}/verify`)
      await page.getByLabel('Credential file').setInputFiles({
        name: 'revoked.json',
        mimeType: 'application/json',
        buffer: Buffer.from(file),
      })
      await page.getByRole('button', { name: 'Check the file' }).click()
      await page.locator('.result').waitFor()
      const result = await page.locator('.result').textContent()
      expect(result).toContain('The credential is authentic, but it was revoked.')
      expect(result).toMatch(/Revocation\s*revoked/)
      expect(await axeViolations(page)).toEqual([])
    } finally {
      await browser.dispose()
    }
  }, 120_000)
})
