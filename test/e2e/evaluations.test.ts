import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rightAnswers01, rightAnswers02 } from '../../server/src/testing/learning.ts'
import { signedIn } from '../support/browser-session.ts'
import { linkInMail } from '../support/mail.ts'
import {
  demoPassword,
  type LearningServer,
  startLearningServer,
} from '../support/learning-server.ts'

// Evaluation results as trainers and coordinators read them: five learners of a cluster reach
// the end of civic-basics; four send the evaluation through the API and the reports show only
// the count (and why); the fifth sends it on the page without JavaScript, and the reports show
// the results — the rating's chart with its table and mean, the open answers without names — and
// download as CSV. axe scans every page.

let server: LearningServer
const url = () => server.url
const api = <T>(path: string, init?: RequestInit & { token?: string }) => server.api<T>(path, init)

const learners = [1, 2, 3, 4, 5].map((n) => `evaluating.learner${n}@example.org`)
const goodThings = [
  'The case studies from real municipalities',
  'Meeting colleagues from other towns',
  'The checklists for our own office',
  'Short modules that fit a working day',
  'The trainer answered every question',
]
const ratings = [4, 5, 4, 3, 5]
let clusterId = ''
const enrolments = new Map<string, string>()

/** An invited learner of a municipality of SKGO (the demo coordinator's association). */
async function inviteLearner(email: string, municipalityId: string, admin: string) {
  await api('/invitations', {
    method: 'POST',
    token: admin,
    body: JSON.stringify({
      email,
      name: `Learner ${email.slice(18, 19)}`,
      roles: ['learner'],
      municipalityId,
    }),
  })
  const link = await linkInMail(join(server.dataDir, 'outbox'), email, 'invitations')
  await api(`${link}/accept`, { method: 'POST', body: JSON.stringify({ password: demoPassword }) })
}

/** Both modules read and passed through the API: the webinar is the learner's step. */
async function passModules(token: string, id: string) {
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
    await api(`/attempts/${attempt.id}/submit`, {
      method: 'POST',
      token,
      body: JSON.stringify({ answers }),
    })
  }
}

/** The evaluation sent through the events endpoint. */
async function evaluate(email: string, good: string, rating: number) {
  const token = await server.login(email)
  const id = enrolments.get(email)!
  const { version } = await api<{ version: number }>(`/enrolments/${id}`, { token })
  await api(`/enrolments/${id}/events`, {
    method: 'POST',
    token,
    body: JSON.stringify({
      type: 'survey.submitted',
      step: 'evaluation',
      expectedVersion: version,
      answers: { '0': good, '1': rating },
    }),
  })
}

beforeAll(async () => {
  server = await startLearningServer()
  await server.assignDemoTrainer()
  const admin = await server.login('admin@demo.local')
  const coordinator = await server.login('coordinator@demo.local')
  const trainer = await server.login('trainer@demo.local')
  const places = await api<{ items: { id: string }[] }>('/municipalities?association=skgo&limit=5')
  for (const [index, email] of learners.entries())
    await inviteLearner(email, places.items[index]!.id, admin)

  const people = await api<{ items: { id: string; email: string }[] }>('/users?limit=100', {
    token: admin,
  })
  const idOf = (email: string) => people.items.find((user) => user.email === email)!.id
  const cluster = await api<{ id: string }>('/learning-clusters', {
    method: 'POST',
    token: coordinator,
    body: JSON.stringify({
      name: 'Evaluation cluster',
      startsOn: '2027-03-01',
      endsOn: '2027-06-30',
      capacity: 10,
      courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
    }),
  })
  clusterId = cluster.id
  const path = `/learning-clusters/${cluster.id}`
  await api(`${path}/members`, {
    method: 'POST',
    token: coordinator,
    body: JSON.stringify({ userIds: learners.map(idOf) }),
  })
  await api(`${path}/trainers/${idOf('trainer@demo.local')}`, { method: 'PUT', token: coordinator })
  await api(`${path}/status`, {
    method: 'PUT',
    token: coordinator,
    body: JSON.stringify({ status: 'running' }),
  })

  // One session of the cluster, starting in five minutes: attendance can be marked already.
  const session = await api<{ id: string }>('/courses/civic-basics/webinars', {
    method: 'POST',
    token: trainer,
    body: JSON.stringify({
      step: 'peer-exchange',
      clusterId,
      title: 'Evaluation cluster: peer exchange',
      agenda: 'Good practices',
      start: new Date(Date.now() + 5 * 60_000).toISOString().slice(0, 16),
      timeZone: 'UTC',
      durationMinutes: 60,
      joinUrl: 'https://meet.example.org/evaluation-cluster',
      capacity: null,
      language: 'en',
    }),
  })
  for (const email of learners) {
    const token = await server.login(email)
    const { items } = await api<{ items: { id: string; clusterId: string | null }[] }>(
      '/enrolments',
      { token },
    )
    const enrolment = items.find((item) => item.clusterId === clusterId)!
    enrolments.set(email, enrolment.id)
    await passModules(token, enrolment.id)
    await api(`/enrolments/${enrolment.id}/webinar-registration`, {
      method: 'PUT',
      token,
      body: JSON.stringify({ step: 'peer-exchange', sessionId: session.id }),
    })
  }
  await api(`/webinars/${session.id}/attendance`, {
    method: 'PUT',
    token: trainer,
    body: JSON.stringify({
      marks: learners.map((email) => ({ userId: idOf(email), status: 'attended' })),
    }),
  })
  for (const index of [0, 1, 2, 3])
    await evaluate(learners[index]!, goodThings[index]!, ratings[index]!)
})
afterAll(() => server?.close())

describe('evaluation results are shown from five responses on', () => {
  const trainer = signedIn(url, 'trainer@demo.local', true)
  const coordinator = signedIn(url, 'coordinator@demo.local', true)
  const fifth = signedIn(url, learners[4]!, false)

  it('shows the trainer only the count of four responses, and why', async () => {
    const { page } = trainer
    await trainer.visit('/teach/civic-basics')
    await page.getByRole('link', { name: 'Evaluation results' }).click()
    await page.waitForURL(`${url()}/teach/civic-basics/evaluations`)
    expect(await page.locator('h1').textContent()).toBe('Evaluation results: Civic Basics')
    const main = await page.locator('main').innerText()
    expect(main).toContain('4 responses.')
    expect(main).toContain('Results are shown from 5 responses on')
    expect(main).not.toContain(goodThings[0])
    expect(await page.locator('svg[role="img"]').count()).toBe(0)
    expect(await page.getByRole('link', { name: /as CSV$/ }).count()).toBe(0)
    await trainer.noAxeViolations()
  })

  it('shows the coordinator only the count for the cluster', async () => {
    const { page } = coordinator
    await coordinator.visit(`/coordinate/clusters/${clusterId}`)
    await page.getByRole('link', { name: "Evaluation results of the cluster's courses" }).click()
    await page.waitForURL(`${url()}/coordinate/clusters/${clusterId}/evaluations`)
    expect(await page.locator('h1').textContent()).toBe('Evaluation results: Evaluation cluster')
    const main = await page.locator('main').innerText()
    expect(main).toContain('4 responses.')
    expect(main).not.toContain(goodThings[1])
    await coordinator.noAxeViolations()
  })

  it('takes the fifth evaluation on the page without JavaScript', async () => {
    const { page } = fifth
    await fifth.visit('/learn/civic-basics/evaluation')
    expect(await page.locator('h1').textContent()).toBe('Evaluation')
    await page.getByLabel('What was good?').fill(goodThings[4]!)
    await page.getByRole('radio', { name: String(ratings[4]) }).check()
    await page.getByRole('button', { name: 'Send the evaluation' }).click()
    await page.waitForURL(`${url()}/learn/civic-basics`)
    expect(await page.getByRole('status').first().textContent()).toContain('Course completed')
  })

  it('shows the trainer the results: the rating chart and table, the mean, the answers', async () => {
    const { page } = trainer
    await trainer.visit('/teach/civic-basics/evaluations')
    const main = await page.locator('main').innerText()
    expect(main).toContain('5 responses.')
    expect(main).toContain('Mean: 4.2 (5 ratings).')
    const chart = page.locator('svg[role="img"]')
    expect(await chart.count()).toBe(1)
    expect(await chart.locator('title').textContent()).toContain(
      'How useful was the course for your work?',
    )
    // The same numbers in the table: two gave 4, two gave 5, one gave 3.
    const table = page.locator('table').filter({ hasText: 'How useful was the course' })
    const count = async (rating: string) =>
      table
        .locator('tbody tr')
        .filter({ has: page.locator('th', { hasText: rating }) })
        .locator('td')
        .first()
        .textContent()
    expect(await count('3')).toBe('1')
    expect(await count('4')).toBe('2')
    expect(await count('5')).toBe('2')
    const answers = await page.locator('ul.answers li').allTextContents()
    expect(answers.toSorted()).toEqual(goodThings.toSorted())
    expect(main).not.toContain('Learner 1')
    await trainer.noAxeViolations()

    const link = page.getByRole('link', {
      name: /^Download the results of Civic Basics, version \d+ as CSV$/,
    })
    const download = await page.request.get(url() + (await link.getAttribute('href'))!)
    expect(download.status()).toBe(200)
    expect(download.headers()['content-type']).toContain('text/csv')
    expect(await download.text()).toContain(goodThings[2])
  })

  it('shows the coordinator the cluster’s results and their CSV', async () => {
    const { page } = coordinator
    await coordinator.visit(`/coordinate/clusters/${clusterId}/evaluations`)
    const main = await page.locator('main').innerText()
    expect(main).toContain('5 responses.')
    expect(main).toContain('Mean: 4.2 (5 ratings).')
    expect((await page.locator('ul.answers li').allTextContents()).toSorted()).toEqual(
      goodThings.toSorted(),
    )
    await coordinator.noAxeViolations()
    const link = page.getByRole('link', {
      name: /^Download the results of Civic Basics, version \d+, in Evaluation cluster as CSV$/,
    })
    const href = (await link.getAttribute('href'))!
    expect(href).toMatch(/export\.csv\?course=civic-basics&version=[0-9a-f-]{36}$/)
    const download = await page.request.get(url() + href)
    expect(download.status()).toBe(200)
    expect(await download.text()).toContain(goodThings[4])
  })

  it('shows the cluster’s trainer its results and their CSV per version', async () => {
    const { page } = trainer
    await trainer.visit(`/teach/clusters/${clusterId}`)
    await page.getByRole('link', { name: "Evaluation results of the cluster's courses" }).click()
    await page.waitForURL(`${url()}/teach/clusters/${clusterId}/evaluations`)
    expect(await page.locator('h1').textContent()).toBe('Evaluation results: Evaluation cluster')
    const main = await page.locator('main').innerText()
    expect(main).toContain('5 responses.')
    expect(main).toContain('Mean: 4.2 (5 ratings).')
    expect(await page.locator('svg[role="img"]').count()).toBe(1)
    expect((await page.locator('ul.answers li').allTextContents()).toSorted()).toEqual(
      goodThings.toSorted(),
    )
    expect(main).not.toContain('Learner 5')
    await trainer.noAxeViolations()
    const link = page.getByRole('link', {
      name: /^Download the results of Civic Basics, version \d+, in Evaluation cluster as CSV$/,
    })
    const href = (await link.getAttribute('href'))!
    expect(href.startsWith(`/teach/clusters/${clusterId}/evaluations/export.csv?`)).toBe(true)
    const download = await page.request.get(url() + href)
    expect(download.status()).toBe(200)
    expect(download.headers()['content-type']).toContain('text/csv')
    expect(download.headers()['content-disposition']).toMatch(/civic-basics-v\d+/)
    const text = await download.text()
    expect(text).toContain(goodThings[0])
    expect(text).not.toContain('Learner 1')
  })
})
