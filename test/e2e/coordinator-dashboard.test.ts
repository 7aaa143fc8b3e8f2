import type { Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn as signedInAt } from '../support/browser-session.ts'
import { type LearningServer, startLearningServer } from '../support/learning-server.ts'

let server: LearningServer
/** One cluster per pass, so each pass sends its own first reminder. */
const clusters = new Map<boolean, { id: string; name: string }>()

interface Enrolment {
  id: string
  version: number
  progress: { steps: { slug: string; phase: string | null }[] }
}

/** Reads module 1 and fails its quiz until no attempt is left, as the learner, through the API. */
async function lockModuleOne(token: string, enrolmentId: string): Promise<void> {
  for (;;) {
    const enrolment = await server.api<Enrolment>(`/enrolments/${enrolmentId}`, { token })
    const phase = enrolment.progress.steps[0]!.phase
    if (phase === 'locked') return
    if (phase === 'reading') {
      await server.api(`/enrolments/${enrolmentId}/events`, {
        method: 'POST',
        token,
        body: JSON.stringify({
          type: 'module.read',
          step: '01-rights',
          expectedVersion: enrolment.version,
        }),
      })
      continue
    }
    const attempt = await server.api<{ id: string }>(`/enrolments/${enrolmentId}/attempts`, {
      method: 'POST',
      token,
      body: JSON.stringify({ step: '01-rights' }),
    })
    await server.api(`/attempts/${attempt.id}/submit`, {
      method: 'POST',
      token,
      body: JSON.stringify({ answers: {} }),
    })
  }
}

beforeAll(async () => {
  server = await startLearningServer()
  const coordinator = await server.login('coordinator@demo.local')
  const learnerToken = await server.login('learner@demo.local')
  const admin = await server.login('admin@demo.local')
  const people = await server.api<{ items: { id: string; email: string }[] }>('/users?limit=100', {
    token: admin,
  })
  const idOf = (email: string) => people.items.find((user) => user.email === email)!.id
  const associations = await server.api<{ id: string; slug: string }[]>('/associations')
  await server.api('/learning-clusters', {
    method: 'POST',
    token: admin,
    body: JSON.stringify({
      associationId: associations.find((association) => association.slug !== 'skgo')!.id,
      name: 'Cluster of another association',
      startsOn: '2027-01-10',
      endsOn: '2027-02-10',
      capacity: 10,
      courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
    }),
  })
  for (const js of [true, false]) {
    const cluster = await server.api<{ id: string; name: string }>('/learning-clusters', {
      method: 'POST',
      token: coordinator,
      body: JSON.stringify({
        name: `Dashboard cluster ${js ? 'A' : 'B'}`,
        startsOn: '2027-03-01',
        endsOn: '2027-06-30',
        capacity: 10,
        courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
      }),
    })
    const path = `/learning-clusters/${cluster.id}`
    const json = (body: unknown) => ({ token: coordinator, body: JSON.stringify(body) })
    await server.api(`${path}/members`, {
      method: 'POST',
      ...json({ userIds: [idOf('learner@demo.local')] }),
    })
    await server.api(`${path}/status`, { method: 'PUT', ...json({ status: 'running' }) })
    await server.api(`${path}/trainers/${idOf('trainer@demo.local')}`, {
      method: 'PUT',
      token: coordinator,
    })
    clusters.set(js, cluster)
    // The first cluster enrols the learner; the second finds the same live enrolment.
    if (js) {
      const { items } = await server.api<{ items: Enrolment[] }>('/enrolments', {
        token: learnerToken,
      })
      await lockModuleOne(learnerToken, items[0]!.id)
    }
  }
})
afterAll(() => server?.close())

const signedIn = (email: string, js: boolean) => signedInAt(() => server.url, email, js)

/** The cells of a table's row, found by the table's caption and the row's header. */
async function rowOf(page: Page, caption: string | RegExp, header: string | RegExp) {
  const table = page.locator('table').filter({ has: page.locator('caption', { hasText: caption }) })
  const row = table.locator('tbody tr').filter({ has: page.locator('th', { hasText: header }) })
  return row.locator('td').allTextContents()
}

describe.each([true, false])('a coordinator follows a cluster (JavaScript %s)', (js) => {
  const coordinator = signedIn('coordinator@demo.local', js)
  const trainer = signedIn('trainer@demo.local', js)
  const admin = signedIn('admin@demo.local', js)

  it('opens the dashboard from the cluster and reads the funnel in its tables', async () => {
    const { page } = coordinator
    const cluster = clusters.get(js)!
    await coordinator.visit(`/coordinate/clusters/${cluster.id}`)
    await page.getByRole('link', { name: /^Dashboard: progress/ }).click()
    await page.waitForURL(`${server.url}/coordinate/clusters/${cluster.id}/dashboard`)
    await coordinator.settled()
    expect(await page.locator('h1').textContent()).toBe(`Dashboard of ${cluster.name}`)

    const funnel = 'Learners at each step of Civic Basics'
    expect(await page.getByRole('img', { name: funnel }).count()).toBe(1)
    expect(await rowOf(page, funnel, 'Enrolled')).toEqual(['1', '100%'])
    expect(await rowOf(page, funnel, 'Read: Rights at the counter')).toEqual(['1', '100%'])
    expect(await rowOf(page, funnel, 'Passed: Rights at the counter')).toEqual(['0', '0%'])
    expect(await rowOf(page, funnel, 'Completed')).toEqual(['0', '0%'])
    // Members, enrolled, read and passed module 1, …
    const byMunicipality = await rowOf(page, 'progress by municipality', 'Kragujevac')
    expect(byMunicipality.slice(0, 5)).toEqual(['Serbia', '1', '1', '1', '0'])
    expect(await rowOf(page, 'progress by country', 'Serbia')).toEqual(
      expect.arrayContaining(['1']),
    )
    const attempts = await rowOf(page, 'attempts per module', 'Rights at the counter')
    expect(attempts.slice(0, 3)).toEqual(['1', '0', '1'])
    await coordinator.noAxeViolations()
  })

  it('loads no script: rendered on the server only, it is the same on a cheap phone', async () => {
    const { page } = coordinator
    const cluster = clusters.get(js)!
    const scripts: string[] = []
    const count = (request: Request) => {
      if (request.resourceType() === 'script') scripts.push(request.url())
    }
    page.on('request', count)
    await coordinator.visit(`/coordinate/clusters/${cluster.id}/dashboard`)
    page.off('request', count)
    expect(scripts).toEqual([])
  })

  it('sends a reminder to a learner at risk, and a second one is refused in words', async () => {
    const { page } = coordinator
    const row = page.locator('tr[data-learner-email="learner@demo.local"]')
    expect(await row.textContent()).toContain('Quiz locked: Rights at the counter')
    expect(await row.textContent()).toContain('Never')
    await row.getByRole('button', { name: /^Send a reminder\s*: Luka Learner$/ }).click()
    await page
      .getByRole('status')
      .filter({
        hasText: /^A reminder was e-mailed to Luka Learner\. The next one can be sent on /,
      })
      .waitFor()
    await coordinator.settled()
    expect(await row.textContent()).not.toContain('Never')
    await coordinator.noAxeViolations()

    await row.getByRole('button', { name: /^Send a reminder\s*: Luka Learner$/ }).click()
    const refusal = page
      .getByRole('alert')
      .filter({ hasText: /Luka Learner was already reminded; the next reminder can be sent on / })
    await refusal.waitFor()
    // The date is the API's nextAllowedAt in words: seven days on, in this year or the next.
    expect(await refusal.textContent()).toMatch(/sent on \w{3} \d{1,2}, \d{4}/)
    await coordinator.settled()
    await coordinator.noAxeViolations()
  })

  it('downloads the members as an XLSX file, and the progress per municipality', async () => {
    const { page } = coordinator
    const cluster = clusters.get(js)!
    const response = await page.request.get(
      `${server.url}/coordinate/clusters/${cluster.id}/exports/members.xlsx`,
    )
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(response.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.xlsx"$/)
    // An XLSX file is a zip archive: it starts with a local file header.
    expect([...(await response.body()).subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])

    const progress = await page.request.get(
      `${server.url}/coordinate/clusters/${cluster.id}/exports/progress.csv`,
    )
    expect(progress.headers()['content-type']).toBe('text/csv; charset=utf-8')
    expect(await progress.text()).toContain('Kragujevac')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Members (Excel, XLSX)' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
  })

  it('sees the cluster in the overview across clusters', async () => {
    const { page } = coordinator
    const cluster = clusters.get(js)!
    await coordinator.visit('/')
    await page.getByRole('link', { name: 'Reports' }).click()
    await page.waitForURL(`${server.url}/coordinate/overview`)
    await coordinator.settled()
    expect(await page.locator('h1').textContent()).toBe('Reports across clusters')
    expect(await rowOf(page, /^Clusters: /, cluster.name)).toEqual([
      'Running',
      expect.stringContaining('2027'),
      '1',
      expect.stringMatching(/^\d$/),
      '0',
    ])
    await coordinator.noAxeViolations()
    await page.getByRole('link', { name: cluster.name }).click()
    await page.waitForURL(`${server.url}/coordinate/clusters/${cluster.id}/dashboard`)
  })

  it('lets an admin see the region per association and choose one', async () => {
    const { page } = admin
    const cluster = clusters.get(js)!
    await admin.visit('/coordinate/overview')
    expect(
      await page
        .getByRole('img', { name: /^Members, active learners and completions per association/ })
        .count(),
    ).toBe(1)
    expect(await rowOf(page, /^Clusters: /, cluster.name)).toContain('SKGO')
    await admin.noAxeViolations()
    expect(await page.getByRole('link', { name: 'Cluster of another association' }).count()).toBe(1)
    const skgo = page
      .getByLabel('Association', { exact: true })
      .locator('option', { hasText: '(SKGO)' })
    await page
      .getByLabel('Association', { exact: true })
      .selectOption((await skgo.getAttribute('value'))!)
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(/\/coordinate\/overview\?associationId=[0-9a-f-]{36}$/)
    await admin.settled()
    expect(await rowOf(page, /^Clusters: /, cluster.name)).toContain('SKGO')
    expect(await page.getByRole('link', { name: 'Cluster of another association' }).count()).toBe(0)
    await admin.noAxeViolations()
  })

  it('lets a trainer of the cluster read the same dashboard, without reminders', async () => {
    const { page } = trainer
    const cluster = clusters.get(js)!
    await trainer.visit('/teach')
    await page.getByRole('link', { name: /^Your learning clusters/ }).click()
    await page.waitForURL(`${server.url}/teach/clusters`)
    await trainer.settled()
    await trainer.noAxeViolations()
    await page.getByRole('link', { name: `Dashboard of ${cluster.name}` }).click()
    await page.waitForURL(`${server.url}/teach/clusters/${cluster.id}`)
    await trainer.settled()
    expect(await rowOf(page, 'Learners at each step of Civic Basics', 'Enrolled')).toEqual([
      '1',
      '100%',
    ])
    expect(await page.locator('tr[data-learner-email="learner@demo.local"]').count()).toBe(1)
    expect(await page.getByRole('button', { name: /^Send a reminder/ }).count()).toBe(0)
    await trainer.noAxeViolations()
  })
})
