import type { Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import readXlsxFile from 'read-excel-file/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn } from '../support/browser-session.ts'
import { type LearningServer, startLearningServer } from '../support/learning-server.ts'
import { linkInMail } from '../support/mail.ts'

// The acceptance of issue 13 in a browser: a coordinator creates a cluster and its call on the
// pages (who may apply, the form and the criteria are set through the API: the call pages' own
// test composes them) and opens it; a learner with an account applies, and a visitor registers on
// the way (confirming the address by the link in the e-mail) and applies; the coordinator ranks
// them, accepts one and wait-lists the other on the selection page; the cluster runs and the
// accepted learner finds its course under My learning; the coordinator sees them on the dashboard
// and downloads the XLSX export.

let server: LearningServer
let coordinatorToken = ''

beforeAll(async () => {
  server = await startLearningServer({ env: { SELF_REGISTRATION: 'true' } })
  coordinatorToken = await server.login('coordinator@demo.local')
})
afterAll(() => server?.close())

const browserOf = (email: string | null, javaScriptEnabled: boolean) =>
  signedIn(() => server.url, email, javaScriptEnabled)

/** The coming minute in Belgrade as a call's local deadline (YYYY-MM-DDTHH:mm). */
function minuteFromNow(): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Belgrade',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(Date.now() + 60_000))
  return parts.replace(' ', 'T')
}

const statusText = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: text }).waitFor()

describe.each([true, false])('from a call to a cluster (JavaScript %s)', (js) => {
  const coordinator = browserOf('coordinator@demo.local', js)
  const learner = browserOf('learner@demo.local', js)
  const visitor = browserOf(null, js)
  const pass = js ? 'A' : 'B'
  const title = `Call for the Šumadija cluster ${pass}`
  const newcomer = {
    name: `Mira Novak ${pass}`,
    email: `mira.novak.${pass.toLowerCase()}@example.org`,
    password: 'violet harbour lantern 42',
  }
  let clusterId = ''
  let callId = ''
  let municipalCallId = ''

  it('lets the coordinator create the cluster and its call on the pages and open the call', async () => {
    const { page } = coordinator
    await coordinator.visit('/coordinate/clusters')
    await page.getByLabel('Name').fill(`Šumadija cluster ${pass}`)
    await page.getByRole('group', { name: 'Civic Basics' }).getByLabel('English').check()
    await page.getByLabel('Start date').fill('2027-03-01')
    await page.getByLabel('End date').fill('2027-06-30')
    await page.getByLabel('Capacity (number of places)').fill('20')
    await page.getByRole('button', { name: 'Create the cluster' }).click()
    await page.waitForURL(/\/coordinate\/clusters\/[0-9a-f-]{36}\?created$/)
    await coordinator.settled()
    clusterId = new URL(page.url()).pathname.split('/').pop()!

    await page.getByRole('link', { name: 'New call for participants' }).click()
    await page.waitForURL(`${server.url}/coordinate/clusters/${clusterId}/calls/new`)
    await coordinator.settled()
    await page.getByLabel('Title').fill(title)
    await page
      .getByLabel('Text of the call')
      .fill('Officials of **Serbian** municipalities may apply.')
    await page.getByLabel('Places').fill('1')
    await page.getByLabel('Deadline', { exact: true }).fill('2027-01-31T23:59')
    await page.getByRole('button', { name: 'Create the call' }).click()
    await page.waitForURL(/\/coordinate\/calls\/[0-9a-f-]{36}\?created$/)
    await coordinator.settled()
    callId = new URL(page.url()).pathname.split('/').pop()!
    await coordinator.noAxeViolations()

    // Who may apply, the form and the criteria (their own pages have their own browser test).
    await server.api(`/calls/${callId}`, {
      method: 'PATCH',
      token: coordinatorToken,
      body: JSON.stringify({
        whoMayApply: { countries: ['RS'], associationIds: [], municipalityIds: [], positions: [] },
        applicantKind: 'person',
        form: [
          { kind: 'municipality', key: 'municipality', label: 'Municipality', required: true },
          { kind: 'position', key: 'position', label: 'Your position', required: true },
          {
            kind: 'motivation',
            key: 'motivation',
            label: 'Why do you want to take part?',
            required: true,
          },
          {
            kind: 'council-membership',
            key: 'council-membership',
            label: 'Are you a member of a council for interethnic relations?',
            required: true,
          },
          {
            kind: 'gender',
            key: 'gender',
            label: 'Gender',
            required: false,
            options: [
              { value: 'woman', label: 'Woman' },
              { value: 'man', label: 'Man' },
            ],
          },
        ],
        criteria: {
          eligibility: [{ kind: 'complete', requiredQuestions: ['motivation'] }],
          scores: [
            { kind: 'yes', question: 'council-membership', points: 3 },
            { kind: 'first-time', points: 1 },
          ],
          balance: [
            { kind: 'per-municipality', max: 2 },
            { kind: 'group-count', attribute: 'gender', value: 'woman', min: 1 },
          ],
        },
      }),
    })
    await coordinator.visit(`/coordinate/calls/${callId}`)
    await page.getByRole('button', { name: 'Open the call' }).click()
    await statusText(page, 'The call is open and published.')
    await coordinator.noAxeViolations()
  })

  it('shows the open call to a visitor without an account, with its feed and deadline', async () => {
    const { page } = visitor
    await visitor.visit('/')
    await page.getByRole('link', { name: 'Calls', exact: true }).click()
    await page.waitForURL(`${server.url}/calls`)
    await visitor.settled()
    expect(
      await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'),
    ).toBe('/api/v1/calls/feed')
    await visitor.noAxeViolations()

    await page.getByRole('link', { name: title }).click()
    await page.waitForURL(`${server.url}/calls/${callId}`)
    await visitor.settled()
    expect(await page.locator('h1').textContent()).toBe(title)
    expect(await page.locator('strong').filter({ hasText: 'Serbian' }).count()).toBe(1)
    const deadline = await page.locator('[data-deadline]').textContent()
    expect(deadline).toContain('11:59')
    expect(deadline).toContain('Europe/Belgrade, GMT+01:00')
    await visitor.noAxeViolations()
  })

  it('lets a learner save a draft and submit the application', async () => {
    const { page } = learner
    await learner.visit(`/calls/${callId}`)
    await page.getByRole('link', { name: 'Apply' }).click()
    await page.waitForURL(`${server.url}/calls/${callId}/apply`)
    await learner.settled()
    await page.getByText('Your municipality: Kragujevac.').waitFor()
    await learner.noAxeViolations()

    await page.getByRole('button', { name: 'Submit the application' }).click()
    await page.getByRole('alert').filter({ hasText: 'Some answers need attention.' }).waitFor()
    await learner.noAxeViolations()

    await page.getByLabel(/^Your position/).fill('Head of the social welfare department')
    await page
      .getByRole('group', { name: /council for interethnic relations/ })
      .getByLabel('Yes')
      .check()
    await page.getByRole('button', { name: 'Save as draft' }).click()
    await statusText(page, 'Your draft has been saved.')
    expect(
      await page.locator('[data-application-status]').getAttribute('data-application-status'),
    ).toBe('draft')

    await page.getByLabel(/^Why do you want to take part\?/).fill('To bring the model home.')
    await page.getByRole('button', { name: 'Submit the application' }).click()
    await page.waitForURL(`${server.url}/calls/${callId}/apply?submitted`)
    await statusText(page, 'Your application has been submitted.')
    expect(await page.getByLabel(/^Your position/).inputValue()).toBe(
      'Head of the social welfare department',
    )
    await learner.noAxeViolations()

    await page.getByRole('link', { name: 'My applications' }).first().click()
    await page.waitForURL(`${server.url}/learn/applications`)
    await learner.settled()
    const item = page.locator(`[data-application="${title}"]`)
    expect(await item.locator('[data-application-status]').textContent()).toContain('Submitted')
    await learner.noAxeViolations()
  })

  it('lets a municipality nominate officials in rows added and removed by plain form posts', async () => {
    const call = await server.api<{ id: string }>(`/learning-clusters/${clusterId}/calls`, {
      method: 'POST',
      token: coordinatorToken,
      body: JSON.stringify({
        title: `Municipal call ${pass}`,
        applicantKind: 'municipality',
        maxNominees: 2,
        places: 4,
        deadline: '2027-01-31T23:59',
        timeZone: 'Europe/Belgrade',
        form: [
          {
            kind: 'motivation',
            key: 'motivation',
            label: 'What will the council do?',
            required: true,
          },
          {
            kind: 'number',
            key: 'years',
            label: 'Years in local government',
            required: false,
            per: 'nominee',
          },
        ],
      }),
    })
    await server.api(`/calls/${call.id}/status`, {
      method: 'PUT',
      token: coordinatorToken,
      body: JSON.stringify({ status: 'open' }),
    })
    const { page } = learner
    await learner.visit(`/calls/${call.id}/apply`)
    await page.getByText('You apply on behalf of Kragujevac.').waitFor()
    await page.getByLabel('What will the council do?').fill('Train the new members.')
    await page.getByLabel('Full name (Official 1)').fill('Ana Anić')
    await page.getByLabel('E-mail address (Official 1)').fill('ana.anic@example.org')
    await page.getByRole('button', { name: 'Add an official' }).click()
    await page.getByLabel('Full name (Official 2)').waitFor()
    await learner.settled()
    expect(await page.getByLabel('Full name (Official 1)').inputValue()).toBe('Ana Anić')
    // Two officials at most: no third row is offered.
    expect(await page.getByRole('button', { name: 'Add an official' }).count()).toBe(0)
    await page.getByLabel('Full name (Official 2)').fill('Bora Borić')
    await page.getByLabel('E-mail address (Official 2)').fill('bora.boric@example.org')
    await page.getByLabel(/^Years in local government.*Official 2/).fill('12')
    await page.getByRole('button', { name: 'Remove official 1' }).click()
    await page.getByLabel('Full name (Official 2)').waitFor({ state: 'detached' })
    await learner.settled()
    expect(await page.getByLabel('Full name (Official 1)').inputValue()).toBe('Bora Borić')
    expect(await page.getByLabel(/^Years in local government.*Official 1/).inputValue()).toBe('12')
    await learner.noAxeViolations()
    await page.getByRole('button', { name: 'Save as draft' }).click()
    await statusText(page, 'Your draft has been saved.')

    // The coordinator brings the deadline forward to the coming minute; a later step sees it pass.
    await server.api(`/calls/${call.id}`, {
      method: 'PATCH',
      token: coordinatorToken,
      body: JSON.stringify({ deadline: minuteFromNow(), timeZone: 'Europe/Belgrade' }),
    })
    municipalCallId = call.id
  })

  it('lets a visitor register on the way and come back to the form after confirming', async () => {
    const { page } = visitor
    await visitor.visit(`/calls/${callId}`)
    await page.getByRole('link', { name: 'Apply' }).click()
    await page.waitForURL((url) => url.pathname === '/login')
    await visitor.settled()
    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.waitForURL((url) => url.pathname === '/register')
    await visitor.settled()
    await page.getByLabel('Full name').fill(newcomer.name)
    await page.getByLabel('E-mail address').fill(newcomer.email)
    await page.getByLabel('New password', { exact: true }).fill(newcomer.password)
    await page.getByLabel('Repeat the new password').fill(newcomer.password)
    await page.getByRole('button', { name: 'Register' }).click()
    await statusText(page, `we have sent a link to ${newcomer.email}`)
    await visitor.noAxeViolations()

    const link = await linkInMail(join(server.dataDir, 'outbox'), newcomer.email, 'verify-email')
    await visitor.visit(link)
    await page.getByRole('button', { name: 'Confirm my e-mail address' }).click()
    await page.waitForURL(`${server.url}/calls/${callId}/apply`)
    await visitor.settled()
    await visitor.noAxeViolations()

    // The newcomer has no municipality yet: the form asks, among the call's country's.
    await page.getByLabel('Municipality').selectOption({ index: 1 })
    await page.getByLabel(/^Your position/).fill('Advisor for minority rights')
    await page.getByLabel(/^Why do you want to take part\?/).fill('Our council starts this year.')
    await page
      .getByRole('group', { name: /council for interethnic relations/ })
      .getByLabel('No')
      .check()
    const gender = page.getByRole('group', { name: /^Gender/ })
    await gender.getByText('Only the coordinators who select the participants').waitFor()
    await gender.getByLabel('Woman').check()
    await page.getByRole('button', { name: 'Submit the application' }).click()
    await page.waitForURL(`${server.url}/calls/${callId}/apply?submitted`)
    await statusText(page, 'Your application has been submitted.')
    await visitor.noAxeViolations()
  })

  it('ranks the candidates and proposes a balanced selection that differs from the ranking', async () => {
    const { page } = coordinator
    // The public page of the call offers those who manage its cluster the way to the selection,
    // and so does the coordinator's page of the call.
    await coordinator.visit(`/calls/${callId}`)
    await page.getByRole('link', { name: 'Applications and selection' }).waitFor()
    await coordinator.noAxeViolations()
    await coordinator.visit(`/coordinate/calls/${callId}`)
    await page.getByRole('link', { name: 'Applications and selection' }).click()
    await page.waitForURL(`${server.url}/coordinate/calls/${callId}/applications`)
    await coordinator.settled()
    expect(await page.locator('h1').textContent()).toBe(`Selection: ${title}`)
    const luka = page.locator('tr[data-candidate="learner@demo.local"]')
    const mira = page.locator(`tr[data-candidate="${newcomer.email}"]`)
    expect(await luka.locator('td').nth(1).textContent()).toBe('1')
    expect(await mira.locator('td').nth(1).textContent()).toBe('2')
    expect(await luka.textContent()).toContain('“Yes” to “Are you a member of a council')
    expect(await mira.textContent()).toContain('First-time participant: 1')
    // Declared answers are shown to the coordinators selecting.
    expect(await mira.textContent()).toContain('woman')
    expect(await page.locator('[data-in-by-balance]').textContent()).toContain(newcomer.name)
    expect(await page.locator('[data-out-by-balance]').textContent()).toContain('Luka Learner')
    await coordinator.noAxeViolations()
  })

  it('accepts one candidate on their own and wait-lists the other in bulk, with a reason', async () => {
    const { page } = coordinator
    const luka = page.locator('tr[data-candidate="learner@demo.local"]')
    await luka.getByText('Decide on Luka Learner').click()
    await luka
      .getByRole('group', { name: 'Decision for Luka Learner' })
      .getByLabel('Accept')
      .check()
    await luka.getByRole('button', { name: 'Save the decision for Luka Learner' }).click()
    await statusText(page, 'Decisions saved: 1.')
    expect(await luka.locator('[data-decision]').getAttribute('data-decision')).toBe('accepted')
    await coordinator.noAxeViolations()

    await page.getByLabel(`Choose ${newcomer.name}`).check()
    const bulk = page.locator('#bulk')
    await bulk.getByLabel('Put on the waiting list').check()
    await page.getByRole('button', { name: 'Save the decision for the ticked candidates' }).click()
    await page.getByRole('alert').filter({ hasText: 'Give the reason' }).waitFor()

    await page.getByLabel(`Choose ${newcomer.name}`).check()
    await bulk.getByLabel('Put on the waiting list').check()
    await page.getByLabel('Reason', { exact: true }).fill('All places are taken for now.')
    await page.getByRole('button', { name: 'Save the decision for the ticked candidates' }).click()
    await statusText(page, 'Decisions saved: 1.')
    const mira = page.locator(`tr[data-candidate="${newcomer.email}"]`)
    expect(await mira.locator('[data-decision]').getAttribute('data-decision')).toBe('wait-listed')
    expect(await mira.textContent()).toContain('All places are taken for now.')
    expect(await page.locator('[data-places]').textContent()).toContain('1 of 1 places taken')
    await coordinator.noAxeViolations()
  })

  it('shows the municipal form read-only once its deadline has passed, saying so', async () => {
    const { page } = learner
    const deadline = Date.now() + 150_000
    for (;;) {
      await learner.visit(`/calls/${municipalCallId}/apply`)
      if ((await page.locator('[data-read-only]').count()) > 0) break
      expect(Date.now()).toBeLessThan(deadline)
      await sleep(5_000)
    }
    await page.locator('[data-read-only]').getByText('has passed').waitFor()
    expect(await page.getByLabel('Full name (Official 1)').inputValue()).toBe('Bora Borić')
    expect(await page.getByLabel('Full name (Official 1)').isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: 'Save as draft' }).count()).toBe(0)
    await learner.noAxeViolations()
    await server.api(`/calls/${municipalCallId}/status`, {
      method: 'PUT',
      token: coordinatorToken,
      body: JSON.stringify({ status: 'closed' }),
    })
  }, 200_000)

  it('lets the accepted learner find the course under My learning once the cluster runs', async () => {
    // The coordinator closes the call (the cluster moves on to selecting), then starts the cluster.
    const { page } = coordinator
    await coordinator.visit(`/coordinate/calls/${callId}`)
    await page.getByRole('button', { name: 'Close the call' }).click()
    await statusText(page, 'The call is closed')
    await coordinator.visit(`/coordinate/clusters/${clusterId}`)
    await page.locator('tr[data-member-email="learner@demo.local"]').waitFor()
    await page.getByRole('button', { name: 'Move to “Running”' }).click()
    await statusText(page, 'The cluster is now: Running.')

    await learner.visit('/learn')
    await learner.page.getByRole('link', { name: 'Civic Basics', exact: true }).waitFor()
    await learner.noAxeViolations()
    await learner.visit('/learn/applications')
    const item = learner.page.locator(`[data-application="${title}"]`)
    expect(await item.locator('[data-decision]').getAttribute('data-decision')).toBe('accepted')

    await visitor.visit('/learn/applications')
    const waiting = visitor.page.locator(`[data-application="${title}"]`)
    expect(await waiting.locator('[data-decision]').textContent()).toContain('On the waiting list')
    await visitor.noAxeViolations()
  })

  it('shows the coordinator the member on the dashboard and exports the applications', async () => {
    const { page } = coordinator
    // The accepted learner's municipality appears in the funnel by municipality.
    await coordinator.visit(`/coordinate/clusters/${clusterId}/dashboard`)
    expect(await page.locator('main').textContent()).toContain('Kragujevac')
    await coordinator.noAxeViolations()

    await coordinator.visit(`/coordinate/calls/${callId}/applications`)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Excel, XLSX/ }).click(),
    ])
    const file = await download.path()
    const [sheet] = await readXlsxFile(readFileSync(file))
    const text = sheet!.data.map((row) => row.join(' | ')).join('\n')
    expect(text).toContain('Luka Learner')
    expect(text).toContain(newcomer.name)
    // Declared answers are never exported with names.
    expect(text).not.toContain('woman')
  })
})
