import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rightAnswers01, rightAnswers02 } from '../../server/src/testing/learning.ts'
import { type BrowserSession, signedIn } from '../support/browser-session.ts'
import { linkInMail } from '../support/mail.ts'
import {
  demoPassword,
  type LearningServer,
  startLearningServer,
} from '../support/learning-server.ts'

// The written alternative to the webinar, end to end: a learner at the webinar step submits a
// good practice instead, the trainer returns it once with a comment, the learner edits and sends
// it again (after a refused stale edit), the trainer approves it, the step after the webinar
// opens, and the practice is in the library — for anyone when public, for members otherwise. Once
// without JavaScript (a public practice, placed in another country through the list's button),
// once with it (a members-only practice, the municipality typed); axe scans every page.

let server: LearningServer
const url = () => server.url
const api = <T>(path: string, init?: RequestInit & { token?: string }) => server.api<T>(path, init)

const invited = 'vesna.practice@example.org'

interface Pass {
  js: boolean
  email: string
  title: string
  /** A word only this practice has, to find it in the library. */
  word: string
  public: boolean
}

const passes: Pass[] = [
  {
    js: false,
    email: 'learner@demo.local',
    title: 'Kingfisher desk: one counter for every service',
    word: 'kingfisher',
    public: true,
  },
  {
    js: true,
    email: invited,
    title: 'Heron hours: evening office hours for commuters',
    word: 'heron',
    public: false,
  },
]

/** What each pass found out: its enrolment and practice. */
const found = new Map<boolean, { enrolmentId: string; practiceId: string }>()

/** A fresh enrolment in civic-basics with both modules passed: the webinar step is current. */
async function atTheWebinar(token: string): Promise<string> {
  const { id } = await api<{ id: string }>('/enrolments', {
    method: 'POST',
    token,
    body: JSON.stringify({ courseSlug: 'civic-basics', language: 'en' }),
  })
  for (const [step, answers] of [
    ['01-rights', rightAnswers01],
    ['02-services', rightAnswers02],
  ] as const) {
    const { version } = await api<{ version: number }>(`/enrolments/${id}`, { token })
    await api(`/enrolments/${id}/events`, {
      method: 'POST',
      token,
      body: JSON.stringify({ type: 'module.read', step, expectedVersion: version }),
    })
    const attempt = await api<{ id: string }>(`/enrolments/${id}/attempts`, {
      method: 'POST',
      token,
      body: JSON.stringify({ step }),
    })
    const graded = await api<{ passed: boolean }>(`/attempts/${attempt.id}/submit`, {
      method: 'POST',
      token,
      body: JSON.stringify({ answers }),
    })
    expect(graded.passed).toBe(true)
  }
  return id
}

beforeAll(async () => {
  server = await startLearningServer()
  await server.assignDemoTrainer()
  const admin = await server.login('admin@demo.local')
  // A learner with no municipality of their own.
  await api('/invitations', {
    method: 'POST',
    token: admin,
    body: JSON.stringify({ email: invited, name: 'Vesna Practice', roles: ['learner'] }),
  })
  const link = await linkInMail(join(server.dataDir, 'outbox'), invited, 'invitations')
  await api(`${link}/accept`, { method: 'POST', body: JSON.stringify({ password: demoPassword }) })
  for (const pass of passes) {
    const enrolmentId = await atTheWebinar(await server.login(pass.email))
    found.set(pass.js, { enrolmentId, practiceId: '' })
  }
})
afterAll(() => server?.close())

/** A link's name: its words, then what it is about (hidden from sight, so read after a pause). */
const linkTo = (words: string, about: string) =>
  new RegExp(`^${words} ?: ${about.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)

/** The summary's list of problems, as the reader sees them. */
const summary = (session: BrowserSession) =>
  session.page.locator('.error-summary').innerText({ timeout: 10_000 })

describe.each(passes)('a good practice instead of the webinar (JavaScript $js)', (pass) => {
  const learner = signedIn(url, pass.email, pass.js)
  const trainer = signedIn(url, 'trainer@demo.local', pass.js)

  it('is submitted from the webinar step', async () => {
    const { page } = learner
    await learner.visit('/learn/civic-basics/peer-exchange')
    await page.getByRole('link', { name: 'Submit a good practice instead' }).click()
    await page.waitForURL(/\/learn\/practices\/new\?enrolment=[0-9a-f-]{36}&step=peer-exchange$/)
    await learner.settled()
    expect(await page.locator('h1').textContent()).toBe('Submit a good practice')
    expect(await page.locator('#alternative').innerText()).toContain(
      'This good practice is your written alternative to the peer-exchange webinar of the course Civic Basics',
    )
    await learner.noAxeViolations()

    // Nothing filled in: every missing answer is named, the values are kept.
    await page.getByLabel('Title').fill(pass.title)
    await page.getByRole('button', { name: 'Submit for review' }).click()
    await learner.settled()
    const problems = await summary(learner)
    expect(problems).toContain('Choose the area the practice belongs to.')
    expect(problems).toContain('Describe the problem.')
    expect(problems).toContain('Say who to contact, as a role.')
    expect(await page.getByLabel('Title').inputValue()).toBe(pass.title)
    expect(page.url()).toContain('enrolment=')
    await learner.noAxeViolations()

    if (!pass.js) {
      // The learner's own place is chosen; another country's municipalities come with the button.
      expect(await page.getByLabel('Country').inputValue()).toBe('RS')
      expect(
        await page
          .getByLabel('Municipality', { exact: true })
          .locator('option:checked')
          .innerText(),
      ).toBe('Kragujevac')
      await page.getByLabel('Country').selectOption({ label: 'Montenegro' })
      await page.getByRole('button', { name: 'Show the municipalities of this country' }).click()
      await page.getByLabel('Municipality', { exact: true }).selectOption({ label: 'Kotor' })
      expect(await page.getByLabel('Title').inputValue()).toBe(pass.title)
    } else {
      // No place of their own: the country is chosen and the municipality typed.
      await page.getByLabel('Country').selectOption({ label: 'Serbia' })
      await page.getByLabel('Municipality name, if it is not in the list').fill('Subotica')
    }
    await page.getByRole('radio', { name: 'Services' }).check()
    await page
      .getByLabel('The problem')
      .fill('Residents went from office to office for one permit.')
    await page.getByLabel('What was done').fill('One counter now takes every request.')
    await page.getByLabel('Results').fill('Waiting times fell by half within a year.')
    await page.getByLabel('Who to contact').fill('Head of the citizens’ service centre')
    await page
      .getByLabel('More about the practice (optional)')
      .fill(`The **${pass.word}** approach.\n\n<script>alert(1)</script>`)
    if (pass.public) await page.getByLabel('Public: anyone may read it, without signing in').check()
    await page.getByRole('button', { name: 'Submit for review' }).click()
    await page.waitForURL(`${url()}/learn/practices?saved=new`)
    await learner.settled()
    expect(await page.getByRole('status').innerText()).toContain('Your good practice was sent.')
    const card = page.locator('[data-practice]', { hasText: pass.title })
    expect(await card.innerText()).toContain('Status: Waiting for review')
    expect(await card.innerText()).toContain('Written instead of the webinar of Civic Basics.')
    await learner.noAxeViolations()

    const mine = await api<{ items: { id: string; title: string }[] }>('/me/good-practices', {
      token: await server.login(pass.email),
    })
    found.get(pass.js)!.practiceId = mine.items.find((item) => item.title === pass.title)!.id
  })

  it('is returned by the trainer with a comment, which a return requires', async () => {
    const { page } = trainer
    await trainer.visit('/teach')
    await page.getByRole('link', { name: 'Good practices to review' }).click()
    await page.waitForURL(`${url()}/teach/practices`)
    await trainer.settled()
    await trainer.noAxeViolations()
    await page.getByRole('link', { name: pass.title }).click()
    await page.waitForURL(`${url()}/teach/practices/${found.get(pass.js)!.practiceId}`)
    await trainer.settled()
    expect(await page.locator('h1').textContent()).toBe(pass.title)
    // The Markdown came out formatted; the script tag as text.
    expect(await page.locator('.body strong').textContent()).toBe(pass.word)
    expect(await page.locator('.body script').count()).toBe(0)
    expect(await page.locator('.body').innerText()).toContain('<script>alert(1)</script>')
    await trainer.noAxeViolations()

    await page.getByRole('button', { name: 'Return with the comment' }).click()
    await trainer.settled()
    expect(await summary(trainer)).toContain(
      'Write a comment saying what to change before returning the practice.',
    )
    await trainer.noAxeViolations()
    await page
      .getByLabel('Comment to the author')
      .fill('Please say how you measured the waiting times.')
    await page.getByRole('button', { name: 'Return with the comment' }).click()
    await page.waitForURL(`${url()}/teach/practices?reviewed=returned`)
    await trainer.settled()
    expect(await page.getByRole('status').innerText()).toBe(
      'The practice was returned to its author with your comment.',
    )
  })

  it('is edited and sent again by the learner; a stale edit is refused and kept', async () => {
    const { page } = learner
    const { practiceId } = found.get(pass.js)!
    await learner.visit('/learn/practices')
    const card = page.locator('[data-practice]', { hasText: pass.title })
    expect(await card.innerText()).toContain('Status: Returned for changes')
    expect(await card.innerText()).toContain('Please say how you measured the waiting times.')
    await card.getByRole('link', { name: linkTo('Edit and submit again', pass.title) }).click()
    await page.waitForURL(`${url()}/learn/practices/${practiceId}/edit`)
    await learner.settled()
    expect(await page.locator('h1').textContent()).toBe('Edit a good practice')
    await learner.noAxeViolations()

    if (!pass.js) {
      // Changed elsewhere since the page was opened: the edit is refused, the text kept.
      const token = await server.login(pass.email)
      const current = await api<Record<string, unknown>>(`/good-practices/${practiceId}`, {
        token,
      })
      await api(`/good-practices/${practiceId}`, {
        method: 'PUT',
        token,
        body: JSON.stringify({
          title: current.title,
          countryCode: current.countryCode,
          municipalityId: current.municipalityId,
          area: current.area,
          problem: current.problem,
          actions: current.actions,
          results: 'Waiting times fell by half (changed in another window).',
          contactRole: current.contactRole,
          body: current.body,
          language: current.language,
          public: current.public,
          revision: current.revision,
        }),
      })
      await page.getByLabel('Results').fill('This edit starts from an old version.')
      await page.getByRole('button', { name: 'Save and submit again' }).click()
      expect(await summary(learner)).toContain(
        'This practice was changed since you opened the page',
      )
      expect(await page.getByLabel('Results').inputValue()).toBe(
        'This edit starts from an old version.',
      )
      await page.getByRole('link', { name: /Open the current version/ }).click()
      await page.waitForURL(`${url()}/learn/practices/${practiceId}/edit`)
      expect(await page.getByLabel('Results').inputValue()).toBe(
        'Waiting times fell by half (changed in another window).',
      )
    }
    await page
      .getByLabel('Results')
      .fill('Waiting times, counted at the counter every month, fell by half within a year.')
    await page.getByRole('button', { name: 'Save and submit again' }).click()
    await page.waitForURL(`${url()}/learn/practices?saved=changed`)
    await learner.settled()
    expect(await page.locator('[data-practice]', { hasText: pass.title }).innerText()).toContain(
      'Status: Waiting for review',
    )
    await learner.noAxeViolations()
  })

  it('is approved by the trainer, and the step after the webinar opens', async () => {
    const { page } = trainer
    const { practiceId, enrolmentId } = found.get(pass.js)!
    await trainer.visit(`/teach/practices/${practiceId}`)
    expect(await page.locator('.body').count()).toBe(1)
    await page.getByRole('button', { name: 'Approve' }).click()
    await page.waitForURL(`${url()}/teach/practices?reviewed=approved`)
    await trainer.settled()
    expect(await page.getByRole('status').innerText()).toBe('The practice was approved.')
    await trainer.noAxeViolations()

    const enrolment = await api<{
      progress: { current: string | null; steps: { slug: string; phase: string | null }[] }
    }>(`/enrolments/${enrolmentId}`, { token: await server.login(pass.email) })
    expect(enrolment.progress.steps.find((step) => step.slug === 'peer-exchange')?.phase).toBe(
      'excused',
    )
    expect(enrolment.progress.current).toBe('evaluation')
    // The step takes no second practice: its page points to the approved one instead.
    await learner.visit(`/learn/practices/new?enrolment=${enrolmentId}&step=peer-exchange`)
    expect(await learner.page.locator('main .notice[role="status"]').innerText()).toBe(
      `You already sent a good practice for this webinar (Approved): ${pass.title}`,
    )
    expect(await learner.page.getByRole('button', { name: 'Submit for review' }).count()).toBe(0)
    await learner.noAxeViolations()
    await learner.visit('/learn/civic-basics/evaluation')
    expect(await learner.page.locator('h1').textContent()).toBe('Evaluation')
    expect(await learner.page.getByLabel('What was good?').count()).toBe(1)
  })

  it('appears in the library, found by a word and the filters, and downloads as CSV', async () => {
    const { page } = learner
    const { practiceId } = found.get(pass.js)!
    await learner.visit('/learn/practices')
    await page
      .locator('[data-practice]', { hasText: pass.title })
      .getByRole('link', { name: linkTo('Open in the library', pass.title) })
      .click()
    await page.waitForURL(`${url()}/practices/${practiceId}`)
    await learner.visit('/')
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Good practices', exact: true })
      .click()
    await page.waitForURL(`${url()}/practices`)
    await learner.settled()
    await learner.noAxeViolations()
    await page.getByLabel('Words to search for').fill(pass.word)
    await page.getByLabel('Area').selectOption({ label: 'Services' })
    await page.getByLabel('Country').selectOption({ label: pass.js ? 'Serbia' : 'Montenegro' })
    await page.getByRole('button', { name: 'Search' }).click()
    await page.waitForURL((address) => address.searchParams.get('q') === pass.word)
    await learner.settled()
    expect(await page.getByText(/good practices? found\./).innerText()).toBe(
      '1 good practice found.',
    )
    const result = page.locator('[data-practice]', { hasText: pass.title })
    expect(await result.innerText()).toContain(
      pass.js ? 'Subotica, Serbia · Services · English' : 'Kotor, Montenegro · Services · English',
    )
    await learner.noAxeViolations()

    const csv = await page.getByRole('link', { name: 'Download these practices as CSV' })
    const href = await csv.getAttribute('href')
    expect(href).toContain(`q=${pass.word}`)
    const download = await page.request.get(url() + href!)
    expect(download.status()).toBe(200)
    expect(download.headers()['content-type']).toContain('text/csv')
    expect(await download.text()).toContain(pass.title)

    await result.getByRole('link', { name: pass.title }).click()
    await page.waitForURL(`${url()}/practices/${practiceId}`)
    await learner.settled()
    expect(await page.locator('h1').textContent()).toBe(pass.title)
    expect(await page.locator('main').innerText()).toContain(
      pass.public ? 'Public: anyone may read it.' : 'For signed-in members only.',
    )
    expect(await page.locator('.body strong').textContent()).toBe(pass.word)
    await learner.noAxeViolations()
  })
})

describe.each([false, true])(
  'a visitor without an account reads the library (JavaScript %s)',
  (js) => {
    const visitor = signedIn(url, null, js)

    it('finds the public practice, not the members-only one, and is asked to sign in for it', async () => {
      const { page } = visitor
      const [shared, membersOnly] = passes
      await visitor.visit('/')
      await page.getByRole('link', { name: 'Browse the good-practice library' }).click()
      await page.waitForURL(`${url()}/practices`)
      await visitor.settled()
      expect(await page.locator('main').innerText()).toContain(
        'You see the practices their authors made public.',
      )
      await visitor.noAxeViolations()
      expect(await page.locator('[data-practice]', { hasText: shared!.title }).count()).toBe(1)
      expect(await page.locator('[data-practice]', { hasText: membersOnly!.title }).count()).toBe(0)

      await visitor.visit(`/practices/${found.get(shared!.js)!.practiceId}`)
      expect(await page.locator('h1').textContent()).toBe(shared!.title)
      await visitor.noAxeViolations()

      const csv = await page.request.get(`${url()}/practices/export.csv`)
      const text = await csv.text()
      expect(text).toContain(shared!.title)
      expect(text).not.toContain(membersOnly!.title)

      await visitor.visit(`/practices/${found.get(membersOnly!.js)!.practiceId}`)
      expect(new URL(page.url()).pathname).toBe('/login')
    })
  },
)
