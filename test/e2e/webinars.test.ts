import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { rightAnswers01, rightAnswers02 } from '../../server/src/testing/learning.ts'
import { type BrowserSession, signedIn } from '../support/browser-session.ts'
import { linkInMail } from '../support/mail.ts'
import {
  demoPassword,
  type LearningServer,
  startLearningServer,
} from '../support/learning-server.ts'

// The webinar step end to end: a trainer schedules a session on the page without JavaScript; a
// learner registers (without JavaScript, and another with it), downloads the invitation, checks
// in with the code the trainer's page shows, and the step after the webinar opens. Every page of
// the sessions, attendance, My webinars and the calendar feed is scanned by axe.

let server: LearningServer
const url = () => server.url
const api = <T>(path: string, init?: RequestInit & { token?: string }) => server.api<T>(path, init)

const title = 'Peer exchange: good practices in my municipality'
const zone = 'Europe/Belgrade'
const secondLearner = 'lena.webinar@example.org'

/** The session as the trainer's page scheduled it. */
const scheduled = { id: '', code: '' }

/** A date and time on the wall clock of `timeZone`, as the form's date and time inputs take them. */
function wallClock(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant)
  const part = (type: string) => parts.find((candidate) => candidate.type === type)!.value
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
  }
}

/**
 * The schedule form offers each course's webinar steps, as the API names them, in one select of
 * "course — step" (no course or step typed); civic-basics has one, peer-exchange.
 */
async function chooseCourseStep(page: Page) {
  expect(await page.getByLabel('Webinar step', { exact: true }).count()).toBe(0)
  expect(await page.getByLabel('Course', { exact: true }).count()).toBe(0)
  const pairs = page.getByLabel('Course and webinar step')
  const option = pairs.locator('option', { hasText: 'Civic Basics — peer-exchange' })
  expect(await option.getAttribute('value')).toBe('civic-basics/peer-exchange')
  await pairs.selectOption('civic-basics/peer-exchange')
}

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

/** A second learner, invited by the admin and signed up through the API. */
async function inviteLearner(email: string): Promise<void> {
  const admin = await server.login('admin@demo.local')
  await api('/invitations', {
    method: 'POST',
    token: admin,
    body: JSON.stringify({ email, name: 'Lena Webinar', roles: ['learner'] }),
  })
  const link = await linkInMail(join(server.dataDir, 'outbox'), email, 'invitations')
  await api(`${link}/accept`, {
    method: 'POST',
    body: JSON.stringify({ password: demoPassword }),
  })
}

beforeAll(async () => {
  server = await startLearningServer()
  await server.assignDemoTrainer()
  await inviteLearner(secondLearner)
  await atTheWebinar(await server.login('learner@demo.local'))
  await atTheWebinar(await server.login(secondLearner))
})
afterAll(() => server?.close())

describe('the trainer schedules a session (JavaScript off)', () => {
  const trainer = signedIn(url, 'trainer@demo.local', false)

  it('fills the form on /teach/webinars/new and gets the session page with its check-in code', async () => {
    const { page } = trainer
    await trainer.visit('/teach/webinars')
    await page.getByRole('link', { name: 'Schedule a session' }).click()
    await page.waitForURL(`${url()}/teach/webinars/new`)
    expect(await page.locator('h1').textContent()).toBe('Schedule a session')

    // A refused form keeps what was typed and says what to fix beside the field.
    await page.getByLabel('Title').fill(title)
    await page.getByRole('button', { name: 'Schedule the session' }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByLabel('Title').inputValue()).toBe(title)
    expect(await page.locator('#joinUrl-error').textContent()).toContain('Enter the join link')

    // Ten minutes from now in Belgrade: registration is still open, check-in already is.
    const start = wallClock(new Date(Date.now() + 10 * 60_000), zone)
    await chooseCourseStep(page)
    await page.getByLabel('Agenda').fill('1. **Round of introductions**\n2. Good practices')
    await page.getByLabel('Date').fill(start.date)
    await page.getByLabel('Start time').fill(start.time)
    await page.getByLabel('Time zone').selectOption(zone)
    await page.getByLabel('Duration in minutes').fill('60')
    await page.getByLabel('Join link').fill('https://meet.example.org/civic-basics')
    await page.getByLabel('Seats (optional)').fill('20')
    await page.getByLabel('Language of the session').selectOption('en')
    await page.getByRole('button', { name: 'Schedule the session' }).click()
    await page.waitForURL(/\/teach\/webinars\/[0-9a-f-]{36}\?created$/)
    scheduled.id = new URL(page.url()).pathname.split('/').pop()!
    expect(await page.getByRole('status').textContent()).toContain('The session is scheduled.')
    expect(await page.locator('h1').textContent()).toBe(title)
    expect(await page.locator('.agenda strong').textContent()).toBe('Round of introductions')
    scheduled.code = (await page.locator('.check-in-code').textContent())!.trim()
    expect(scheduled.code).toMatch(/^\S{4,}$/)
    expect(await page.locator('#code-help').textContent()).toContain('Learners can check in from')

    await trainer.visit('/teach/webinars')
    const row = page.getByRole('row').filter({ hasText: title })
    expect(await row.textContent()).toContain('0 of 20')
  })
})

describe('the trainer’s pages (JavaScript on)', () => {
  const trainer = signedIn(url, 'trainer@demo.local', true)

  it('lists, shows, offers the form and the attendance list, each without axe violations', async () => {
    for (const path of [
      '/teach/webinars',
      '/teach/webinars?course=civic-basics',
      '/teach/webinars/new',
      `/teach/webinars/${scheduled.id}`,
      `/teach/webinars/${scheduled.id}/attendance`,
    ]) {
      const response = await trainer.visit(path)
      expect(response?.status(), path).toBe(200)
      await trainer.noAxeViolations()
    }
  })
})

for (const javaScriptEnabled of [false, true]) {
  const email = javaScriptEnabled ? secondLearner : 'learner@demo.local'
  describe(`a learner attends (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    const learner: BrowserSession = signedIn(url, email, javaScriptEnabled)

    it('registers on the webinar step and downloads the invitation', async () => {
      const { page } = learner
      // My learning names the waiting webinar, not yet chosen.
      await learner.visit('/learn')
      const waiting = page.locator('section[aria-labelledby="upcoming-webinars"] li')
      expect(await waiting.textContent()).toContain('Not registered yet: choose a session')
      await learner.visit('/learn/civic-basics/peer-exchange')
      expect(await page.locator('h1').textContent()).toBe('Peer-exchange webinar')
      const session = page.locator('.session-list li').filter({ hasText: title })
      expect(await session.textContent()).toContain('60 minutes')
      expect(await session.textContent()).toContain('Europe/Belgrade')
      expect(
        await page
          .getByRole('link', { name: 'Submit a good practice instead' })
          .getAttribute('href'),
      ).toMatch(/^\/learn\/practices\/new\?enrolment=[0-9a-f-]{36}&step=peer-exchange$/)
      await learner.noAxeViolations()

      // The button's name ends with the session's title, hidden visually.
      await session.getByRole('button', { name: /^Register\b/ }).click()
      await page.getByRole('status').filter({ hasText: 'You are registered' }).first().waitFor()
      await page.getByRole('heading', { name: 'Your session' }).waitFor()
      expect(await page.getByRole('link', { name: /^Join the session/ }).getAttribute('href')).toBe(
        'https://meet.example.org/civic-basics',
      )
      await learner.noAxeViolations()

      const href = await page
        .getByRole('link', { name: /^Add to my calendar/ })
        .getAttribute('href')
      const ics = await page.context().request.get(url() + href)
      expect(ics.status()).toBe(200)
      expect(ics.headers()['content-type']).toContain('text/calendar')
      const text = await ics.text()
      expect(text.startsWith('BEGIN:VCALENDAR')).toBe(true)
      expect(text.replace(/\r\n[ \t]/g, '')).toContain(`SUMMARY:${title}`)

      // My learning now names the chosen session and its start.
      await learner.visit('/learn')
      const chosen = page.locator('section[aria-labelledby="upcoming-webinars"] li')
      expect(await chosen.textContent()).toContain(`You are registered for “${title}”:`)
      expect(await chosen.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/)
      await learner.noAxeViolations()
    })

    it('checks in on My webinars with the code the trainer shows, and the next step opens', async () => {
      const { page } = learner
      await learner.visit('/learn/webinars')
      expect(await page.locator('h1').textContent()).toBe('My webinars')
      await learner.noAxeViolations()

      await page.getByLabel('Check-in code').fill('WRONG9')
      await page.getByRole('button', { name: 'Check in', exact: true }).click()
      await page.locator(`#code-${scheduled.id}-error`).waitFor()
      expect(await page.locator(`#code-${scheduled.id}-error`).textContent()).toContain(
        'This is not the session',
      )
      await learner.noAxeViolations()

      await page.getByLabel('Check-in code').fill(scheduled.code.toLowerCase())
      await page.getByRole('button', { name: 'Check in', exact: true }).click()
      await page.getByRole('status').filter({ hasText: 'You are checked in' }).waitFor()
      await learner.noAxeViolations()
      await page.getByRole('link', { name: 'Continue the course' }).click()
      await page.waitForURL(`${url()}/learn/civic-basics`)
      await learner.settled()

      await learner.visit('/learn/civic-basics/peer-exchange')
      await page.getByRole('status').filter({ hasText: 'Your attendance is recorded' }).waitFor()
      await page.getByRole('link', { name: 'Continue with Evaluation' }).click()
      await page.waitForURL(`${url()}/learn/civic-basics/evaluation`)
      expect(await page.locator('h1').textContent()).toBe('Evaluation')
    })
  })
}

describe('the learner’s calendar feed (JavaScript on)', () => {
  const learner = signedIn(url, secondLearner, true)

  it('is created on the profile, shown once, and lists the session', async () => {
    const { page } = learner
    await learner.visit('/profile')
    await learner.noAxeViolations()
    await page.getByRole('button', { name: 'Create my calendar feed address' }).click()
    const field = page.getByLabel('Calendar feed address')
    await field.waitFor()
    const feedUrl = await field.inputValue()
    expect(await field.getAttribute('readonly')).not.toBeNull()
    await learner.noAxeViolations()
    // The address names the public site; the test's server listens elsewhere, so only its path.
    expect(feedUrl).toMatch(/^https?:\/\/.+\/calendar-feeds\/.+\.ics$/)
    const feed = await fetch(url() + new URL(feedUrl).pathname)
    expect(feed.status).toBe(200)
    const text = await feed.text()
    expect(text.startsWith('BEGIN:VCALENDAR')).toBe(true)
    expect(text.replace(/\r\n[ \t]/g, '')).toContain(title)

    // Shown only once: the page read again says since when the feed is active, not the address.
    await learner.visit('/profile')
    expect(await page.getByLabel('Calendar feed address').count()).toBe(0)
    await page.getByRole('button', { name: 'Turn the feed off' }).click()
    await page.getByRole('status').filter({ hasText: 'Your calendar feed is turned off' }).waitFor()
  })
})

describe('the attendance list after the check-ins (JavaScript on)', () => {
  const trainer = signedIn(url, 'trainer@demo.local', true)

  it('shows both learners attended by check-in, and marks in bulk', async () => {
    const { page } = trainer
    await trainer.visit(`/teach/webinars/${scheduled.id}/attendance`)
    const rows = page.locator('tbody tr').filter({ hasText: 'by check-in' })
    expect(await rows.count()).toBe(2)
    await trainer.noAxeViolations()

    // Excused needs a reason: refused beside the field, then saved with one.
    const luka = page.locator('tbody tr').filter({ hasText: 'Luka Learner' })
    await luka.getByRole('radio', { name: 'Excused' }).check()
    await page.getByRole('button', { name: 'Save the attendance list' }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('Give the reason')
    await luka.getByLabel('Reason for Luka Learner').fill('Left after ten minutes')
    await luka.getByRole('radio', { name: 'Attended' }).check()
    await page.getByRole('button', { name: 'Save the attendance list' }).click()
    await page.getByRole('status').filter({ hasText: 'Attendance saved' }).waitFor()
    await trainer.noAxeViolations()
  })
})

describe('the coordinator schedules for a cluster (JavaScript on)', () => {
  const coordinator = signedIn(url, 'coordinator@demo.local', true)

  it('reaches the cluster’s sessions from the cluster page and schedules one with the same form', async () => {
    const token = await server.login('coordinator@demo.local')
    const cluster = await api<{ id: string }>('/learning-clusters', {
      method: 'POST',
      token,
      body: JSON.stringify({
        name: 'Webinar cluster',
        startsOn: '2027-03-01',
        endsOn: '2027-06-30',
        capacity: 10,
        courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
      }),
    })
    const { page } = coordinator
    await coordinator.visit(`/coordinate/clusters/${cluster.id}`)
    await page.getByRole('link', { name: 'Webinar sessions of the cluster' }).click()
    await page.waitForURL(`${url()}/coordinate/clusters/${cluster.id}/webinars`)
    await coordinator.settled()
    expect(await page.locator('h1').textContent()).toBe('Webinar sessions of Webinar cluster')
    await coordinator.noAxeViolations()

    const tomorrow = wallClock(new Date(Date.now() + 24 * 60 * 60_000), zone)
    await chooseCourseStep(page)
    await page.getByLabel('Title').fill('Cluster exchange')
    await page.getByLabel('Date').fill(tomorrow.date)
    await page.getByLabel('Start time').fill('10:00')
    await page.getByLabel('Time zone').selectOption(zone)
    await page.getByLabel('Join link').fill('https://meet.example.org/cluster')
    await page.getByRole('button', { name: 'Schedule the session' }).click()
    await page.getByRole('status').filter({ hasText: 'The session is scheduled.' }).waitFor()
    const row = page.getByRole('row').filter({ hasText: 'Cluster exchange' })
    expect(await row.textContent()).toContain('Webinar cluster')
    await coordinator.noAxeViolations()

    // The session's page and its attendance list are the coordinator's too (the studio is not).
    await row.getByRole('link', { name: 'Cluster exchange' }).click()
    await page.waitForURL(/\/teach\/webinars\/[0-9a-f-]{36}$/)
    await coordinator.settled()
    expect(await page.locator('h1').textContent()).toBe('Cluster exchange')
    expect(await page.locator('.check-in-code').count()).toBe(1)
    await coordinator.noAxeViolations()
    await page.getByRole('link', { name: 'Attendance list' }).click()
    await page.waitForURL(/\/attendance$/)
    await coordinator.settled()
    expect(await page.getByText('Nobody is registered for this session.').count()).toBe(1)
    await coordinator.noAxeViolations()
    await page.getByRole('link', { name: 'Back to the session' }).click()
    await page.waitForURL(/\/teach\/webinars\/[0-9a-f-]{36}$/)
    await coordinator.settled()
    await page.getByRole('link', { name: 'Back to the webinar sessions' }).click()
    await page.waitForURL(`${url()}/coordinate/clusters/${cluster.id}/webinars`)
    expect((await coordinator.visit('/teach/webinars'))?.status()).toBe(403)
  })
})

describe('the trainer changes and cancels a session (JavaScript off)', () => {
  const trainer = signedIn(url, 'trainer@demo.local', false)

  it('saves a change on the session page, then cancels it with a reason', async () => {
    const token = await server.login('trainer@demo.local')
    const start = wallClock(new Date(Date.now() + 2 * 24 * 60 * 60_000), zone)
    const session = await api<{ id: string }>('/courses/civic-basics/webinars', {
      method: 'POST',
      token,
      body: JSON.stringify({
        step: 'peer-exchange',
        clusterId: null,
        title: 'A session to change',
        agenda: '',
        start: `${start.date}T${start.time}`,
        timeZone: zone,
        durationMinutes: 45,
        joinUrl: 'https://meet.example.org/change',
        capacity: null,
        language: 'en',
      }),
    })
    const { page } = trainer
    await trainer.visit(`/teach/webinars/${session.id}`)
    expect(await page.getByLabel('Start time').inputValue()).toBe(start.time)
    await page.getByLabel('Seats (optional)').fill('25')
    await page.getByRole('button', { name: 'Save the changes' }).click()
    await page.waitForURL(`${url()}/teach/webinars/${session.id}?updated`)
    expect(await page.getByRole('status').textContent()).toContain('The session is changed.')
    expect(await page.locator('dl.details').textContent()).toContain('25 seats left of 25')

    await page.getByRole('button', { name: 'Cancel the session' }).click()
    expect(await page.locator('#reason-error').textContent()).toContain('Give the reason')
    await page.getByLabel('Reason').fill('The trainer is ill')
    await page.getByRole('button', { name: 'Cancel the session' }).click()
    await page.waitForURL(`${url()}/teach/webinars/${session.id}?cancelled`)
    expect(await page.getByText('This session is cancelled.').count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Cancel the session' }).count()).toBe(0)
  })
})
