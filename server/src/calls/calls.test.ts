import type { FastifyInstance } from 'fastify'
import { describe, expect, test } from 'vitest'
import { buildTestApp } from '../testing/app.ts'
import { TestClock } from '../testing/clock.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics } from '../testing/learning.ts'
import { evaluate } from '../selection/index.ts'
import { getCallForApplying, isOpenForApplications, selectionCriteriaOf } from './service.ts'

const clock = new TestClock('2027-03-01T08:00:00Z')
// The first test of a file also imports a course and signs up people (argon2): room on a busy machine.
const slow = 120_000
const it = test.extend<{ app: FastifyInstance }>({
  app: [
    async ({}, use) => {
      const app = await buildTestApp({}, { clock })
      await use(app)
      await app.close()
    },
    { scope: 'file' },
  ],
})

interface People {
  coordinator: TestUser
  otherCoordinator: TestUser
  admin: TestUser
  trainer: TestUser
  learner: TestUser
}
let people: People | undefined

async function setUp(app: FastifyInstance): Promise<People> {
  if (people) return people
  await importCivicBasics(app)
  people = {
    coordinator: await createUser(app, { roles: ['coordinator'], association: 'skgo' }),
    otherCoordinator: await createUser(app, { roles: ['coordinator'], association: 'zels' }),
    admin: await createUser(app, { roles: ['admin'] }),
    trainer: await createUser(app, { roles: ['trainer'], association: 'skgo' }),
    learner: await createUser(app, { association: 'skgo' }),
  }
  return people
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
const as = (
  app: FastifyInstance,
  user: TestUser | null,
  method: Method,
  url: string,
  payload?: object,
) => app.inject({ method, url, headers: user ? bearer(tokenFor(app, user)) : {}, payload })

async function newCluster(app: FastifyInstance, user: TestUser) {
  const response = await as(app, user, 'POST', '/api/v1/learning-clusters', {
    name: 'Minority commissioners 2027',
    startsOn: '2027-05-01',
    endsOn: '2027-07-31',
    capacity: 30,
    courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string }
}

const form = [
  { kind: 'position', key: 'position', label: 'Your position', required: true },
  { kind: 'motivation', key: 'motivation', label: 'Why do you apply?', required: true },
  {
    kind: 'council-membership',
    key: 'council-membership',
    label: 'Are you a member of a council for interethnic relations?',
    required: false,
  },
  {
    kind: 'languages',
    key: 'languages',
    label: 'Languages',
    required: true,
    options: ['sr', 'en', 'sq'],
  },
  {
    kind: 'gender',
    key: 'gender',
    label: 'Gender (optional)',
    required: false,
    options: [
      { value: 'woman', label: 'Woman' },
      { value: 'man', label: 'Man' },
    ],
  },
  {
    kind: 'choice',
    key: 'sector',
    label: 'Sector',
    required: true,
    options: [
      { value: 'social', label: 'Social services' },
      { value: 'education', label: 'Education' },
    ],
  },
  { kind: 'number', key: 'years', label: 'Years in service', required: false, min: 0, max: 50 },
  { kind: 'yes-no', key: 'manager', label: 'Do you lead a team?', required: false },
  { kind: 'text', key: 'expectations', label: 'Expectations', required: false, multiline: true },
]
const criteria = {
  eligibility: [
    { kind: 'complete', requiredQuestions: ['motivation', 'sector'] },
    { kind: 'language', language: 'sr' },
  ],
  scores: [
    { kind: 'choice', question: 'sector', points: { social: 3, education: 1 } },
    { kind: 'number-threshold', question: 'years', atLeast: 5, points: 2 },
    { kind: 'yes', question: 'council-membership', points: 4 },
    { kind: 'first-time', points: 1 },
  ],
  balance: [
    { kind: 'per-municipality', max: 2 },
    { kind: 'group-share', attribute: 'gender', value: 'woman', share: 0.5 },
  ],
}
const complete = {
  body: 'Apply **now**.\n\n<script>alert(1)</script> [site](javascript:alert(1))',
  places: 20,
  deadline: '2027-03-28T23:59',
  timeZone: 'Europe/Belgrade',
  form,
  criteria,
}

async function newCall(
  app: FastifyInstance,
  user: TestUser,
  clusterId: string,
  extra: object = {},
) {
  const response = await as(app, user, 'POST', `/api/v1/learning-clusters/${clusterId}/calls`, {
    title: 'Call for municipal officials',
    ...extra,
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string; status: string }
}

const clusterStatus = (app: FastifyInstance, user: TestUser, id: string) =>
  as(app, user, 'GET', `/api/v1/learning-clusters/${id}`).then((r) => r.json().status as string)

const storedCall = (app: FastifyInstance, id: string) =>
  app.db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst()

describe('calls for participants', { timeout: slow }, () => {
  it('a coordinator composes a draft, opens it (the cluster opens its call), anyone reads it, and closing moves the cluster to selecting', async ({
    app,
  }) => {
    const p = await setUp(app)
    clock.set('2027-03-01T08:00:00Z')
    const cluster = await newCluster(app, p.coordinator)
    const draft = await newCall(app, p.coordinator, cluster.id)
    expect(draft).toMatchObject({
      status: 'draft',
      acceptingApplications: false,
      applicantKind: 'person',
      places: null,
      deadline: null,
      form: [],
      criteria: { eligibility: [], scores: [], balance: [] },
      association: { slug: 'skgo' },
    })

    // A draft is for those who manage the cluster only.
    for (const user of [null, p.learner, p.trainer, p.otherCoordinator]) {
      const hidden = await as(app, user, 'GET', `/api/v1/calls/${draft.id}`)
      expect(hidden.statusCode, `${user?.roles.join() ?? 'anonymous'}`).toBe(404)
    }
    expect((await as(app, p.admin, 'GET', `/api/v1/calls/${draft.id}`)).statusCode).toBe(200)

    const changed = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${draft.id}`, complete)
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({
      places: 20,
      deadline: {
        at: '2027-03-28T21:59:00.000Z',
        local: '2027-03-28T23:59',
        timeZone: 'Europe/Belgrade',
        closesAt: '2027-03-28T22:00:00.000Z',
      },
      criteria,
    })
    expect(changed.json().form[0]).toEqual({ ...form[0], per: 'application' })
    // The body is rendered with raw HTML off and links restricted.
    const html = changed.json().bodyHtml as string
    expect(html).toContain('<strong>now</strong>')
    expect(html).toContain('&lt;script&gt;')
    expect(html).not.toContain('javascript:')

    const listed = await as(
      app,
      p.coordinator,
      'GET',
      `/api/v1/learning-clusters/${cluster.id}/calls`,
    )
    expect(listed.json()).toMatchObject({ total: 1, items: [{ id: draft.id, status: 'draft' }] })

    const opened = await as(app, p.coordinator, 'PUT', `/api/v1/calls/${draft.id}/status`, {
      status: 'open',
    })
    expect(opened.statusCode, opened.body).toBe(200)
    expect(opened.json()).toMatchObject({
      status: 'open',
      acceptingApplications: true,
      publishedAt: '2027-03-01T08:00:00.000Z',
    })
    expect(await clusterStatus(app, p.coordinator, cluster.id)).toBe('call-open')
    const audit = await app.db
      .selectFrom('auditEvents')
      .select(['action', 'actorId'])
      .where('subject', '=', draft.id)
      .orderBy('at')
      .execute()
    expect(audit.map((event) => event.action)).toEqual([
      'call.created',
      'call.updated',
      'call.published',
    ])

    // Public now: anyone reads it, without its criteria; its managers with them.
    const anonymous = await as(app, null, 'GET', `/api/v1/calls/${draft.id}`)
    expect(anonymous.statusCode).toBe(200)
    expect(anonymous.json()).toMatchObject({
      status: 'open',
      title: 'Call for municipal officials',
    })
    expect(anonymous.json()).not.toHaveProperty('criteria')
    expect(
      (await as(app, p.otherCoordinator, 'GET', `/api/v1/calls/${draft.id}`)).json(),
    ).not.toHaveProperty('criteria')
    expect(
      (await as(app, p.coordinator, 'GET', `/api/v1/calls/${draft.id}`)).json().criteria,
    ).toEqual(criteria)

    // Open: the form is fixed, the criteria may still change; a published call is not deleted.
    const formChange = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${draft.id}`, { form })
    expect(formChange.statusCode).toBe(409)
    expect(formChange.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/form', reason: 'conflict' }),
    ])
    const criteriaChange = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${draft.id}`, {
      criteria: { ...criteria, balance: [] },
    })
    expect(criteriaChange.statusCode, criteriaChange.body).toBe(200)
    expect((await as(app, p.coordinator, 'DELETE', `/api/v1/calls/${draft.id}`)).statusCode).toBe(
      409,
    )

    const closed = await as(app, p.coordinator, 'PUT', `/api/v1/calls/${draft.id}/status`, {
      status: 'closed',
    })
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json()).toMatchObject({ status: 'closed', acceptingApplications: false })
    expect(await clusterStatus(app, p.coordinator, cluster.id)).toBe('selecting')
    const closedPublic = await as(app, null, 'GET', `/api/v1/calls/${draft.id}`)
    expect(closedPublic.statusCode).toBe(200)
    expect(closedPublic.json()).toMatchObject({ status: 'closed', acceptingApplications: false })
    const reopen = await as(app, p.coordinator, 'PUT', `/api/v1/calls/${draft.id}/status`, {
      status: 'open',
    })
    expect(reopen.statusCode).toBe(409)
  })

  it('another association’s coordinator finds no call of this one, and a trainer of the cluster may not manage it', async ({
    app,
  }) => {
    const p = await setUp(app)
    const cluster = await newCluster(app, p.coordinator)
    const call = await newCall(app, p.coordinator, cluster.id)
    const other = p.otherCoordinator
    expect(
      (await as(app, other, 'GET', `/api/v1/learning-clusters/${cluster.id}/calls`)).statusCode,
    ).toBe(404)
    expect(
      (
        await as(app, other, 'POST', `/api/v1/learning-clusters/${cluster.id}/calls`, {
          title: 'x',
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (await as(app, other, 'PATCH', `/api/v1/calls/${call.id}`, { title: 'x' })).statusCode,
    ).toBe(404)
    expect(
      (await as(app, other, 'PUT', `/api/v1/calls/${call.id}/status`, { status: 'open' }))
        .statusCode,
    ).toBe(404)
    expect((await as(app, other, 'DELETE', `/api/v1/calls/${call.id}`)).statusCode).toBe(404)
    expect(
      (await as(app, p.learner, 'PATCH', `/api/v1/calls/${call.id}`, { title: 'x' })).statusCode,
    ).toBe(403)
    expect((await storedCall(app, call.id))?.title).toBe('Call for municipal officials')

    // The admin deletes the draft; it is gone.
    expect((await as(app, p.admin, 'DELETE', `/api/v1/calls/${call.id}`)).statusCode).toBe(204)
    expect(await storedCall(app, call.id)).toBeUndefined()
    const deleted = await app.db
      .selectFrom('auditEvents')
      .select(['action', 'actorId'])
      .where('subject', '=', call.id)
      .where('action', '=', 'call.deleted')
      .executeTakeFirst()
    expect(deleted).toEqual({ action: 'call.deleted', actorId: p.admin.id })
  })

  it('opening needs a deadline in the future, a form and places; the cluster stays a draft when refused', async ({
    app,
  }) => {
    const p = await setUp(app)
    clock.set('2027-03-01T08:00:00Z')
    const cluster = await newCluster(app, p.coordinator)
    const call = await newCall(app, p.coordinator, cluster.id)
    const refused = await as(app, p.coordinator, 'PUT', `/api/v1/calls/${call.id}/status`, {
      status: 'open',
    })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().errors).toEqual([
      expect.objectContaining({ pointer: '/deadline', reason: 'required' }),
      expect.objectContaining({ pointer: '/form', reason: 'too-short' }),
      expect.objectContaining({ pointer: '/places', reason: 'required' }),
    ])
    await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${call.id}`, {
      ...complete,
      deadline: '2027-02-28T23:59',
    })
    const past = await as(app, p.coordinator, 'PUT', `/api/v1/calls/${call.id}/status`, {
      status: 'open',
    })
    expect(past.statusCode).toBe(409)
    expect(past.json().errors).toEqual([
      expect.objectContaining({ pointer: '/deadline', reason: 'too-small' }),
    ])
    expect(await clusterStatus(app, p.coordinator, cluster.id)).toBe('draft')
    expect((await storedCall(app, call.id))?.status).toBe('draft')
  })

  it('a municipality call says how many officials it takes, and may ask fields of each of them', async ({
    app,
  }) => {
    const p = await setUp(app)
    const cluster = await newCluster(app, p.coordinator)
    const missing = await as(
      app,
      p.coordinator,
      'POST',
      `/api/v1/learning-clusters/${cluster.id}/calls`,
      {
        title: 'Municipalities nominate',
        applicantKind: 'municipality',
      },
    )
    expect(missing.statusCode).toBe(400)
    expect(missing.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/maxNominees', reason: 'required' }),
    ])
    const call = await newCall(app, p.coordinator, cluster.id, {
      applicantKind: 'municipality',
      maxNominees: 3,
      form: [
        { kind: 'municipality', key: 'municipality', label: 'Municipality', required: true },
        { kind: 'position', key: 'position', label: 'Position', required: true, per: 'nominee' },
        {
          kind: 'languages',
          key: 'languages',
          label: 'Languages',
          required: false,
          options: ['sr'],
        },
      ],
    })
    expect(call).toMatchObject({ applicantKind: 'municipality', maxNominees: 3 })
    // A person's facts are asked of each nominee, never once for the whole municipality.
    const once = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${call.id}`, {
      form: [
        {
          kind: 'position',
          key: 'position',
          label: 'Position',
          required: true,
          per: 'application',
        },
      ],
    })
    expect(once.statusCode).toBe(400)
    expect(once.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/form/0/per', reason: 'not-allowed' }),
    ])
    const forApplying = await getCallForApplying(app.db, call.id)
    expect(forApplying).toMatchObject({
      id: call.id,
      clusterId: cluster.id,
      associationId: p.coordinator.associationId,
      status: 'draft',
      applicantKind: 'municipality',
      maxNominees: 3,
      places: null,
      deadline: null,
      closesAt: null,
      form: [
        expect.objectContaining({ key: 'municipality', per: 'application' }),
        expect.objectContaining({ key: 'position', per: 'nominee' }),
        expect.objectContaining({ key: 'languages', per: 'nominee' }),
      ],
      criteria: { eligibility: [], scores: [], balance: [] },
    })
    expect(await getCallForApplying(app.db, '00000000-0000-4000-8000-000000000000')).toBeUndefined()

    // Back to persons: nominees go, and a field asked of each nominee is refused.
    const person = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${call.id}`, {
      applicantKind: 'person',
      maxNominees: null,
    })
    expect(person.statusCode).toBe(400)
    expect(person.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/form/1/per', reason: 'not-allowed' }),
    ])
  })
})

describe('a cluster and its calls', { timeout: slow }, () => {
  it('stays call-open until its last open call closes, and a cluster past its call opens none', async ({
    app,
  }) => {
    const p = await setUp(app)
    clock.set('2027-03-01T08:00:00Z')
    const cluster = await newCluster(app, p.coordinator)
    const first = await newCall(app, p.coordinator, cluster.id, complete)
    const second = await newCall(app, p.coordinator, cluster.id, complete)
    const third = await newCall(app, p.coordinator, cluster.id, complete)
    const move = (id: string, status: string) =>
      as(app, p.coordinator, 'PUT', `/api/v1/calls/${id}/status`, { status })
    expect((await move(first.id, 'open')).statusCode).toBe(200)
    expect((await move(second.id, 'open')).statusCode).toBe(200)
    expect((await move(second.id, 'open')).json().status).toBe('open')
    expect((await move(first.id, 'closed')).statusCode).toBe(200)
    expect(await clusterStatus(app, p.coordinator, cluster.id)).toBe('call-open')
    expect((await move(second.id, 'closed')).statusCode).toBe(200)
    expect(await clusterStatus(app, p.coordinator, cluster.id)).toBe('selecting')

    const late = await move(third.id, 'open')
    expect(late.statusCode).toBe(409)
    expect(late.json().detail).toContain('selecting')
    expect((await storedCall(app, third.id))?.status).toBe('draft')
    const draftClosed = await move(third.id, 'closed')
    expect(draftClosed.statusCode).toBe(409)
  })

  it('an open call moves its deadline only to the future, and may change its places', async ({
    app,
  }) => {
    const p = await setUp(app)
    clock.set('2027-03-01T08:00:00Z')
    const cluster = await newCluster(app, p.coordinator)
    const call = await newCall(app, p.coordinator, cluster.id, complete)
    await as(app, p.coordinator, 'PUT', `/api/v1/calls/${call.id}/status`, { status: 'open' })
    const past = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${call.id}`, {
      deadline: '2027-02-20T12:00',
    })
    expect(past.statusCode).toBe(400)
    expect(past.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/deadline', reason: 'too-small' }),
    ])
    expect((await storedCall(app, call.id))?.deadline).toEqual(new Date('2027-03-28T21:59:00Z'))
    const later = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${call.id}`, {
      deadline: '2027-04-04T23:59',
      places: 25,
    })
    expect(later.statusCode, later.body).toBe(200)
    expect(later.json()).toMatchObject({ places: 25, deadline: { local: '2027-04-04T23:59' } })
  })
})

describe('criteria', { timeout: slow }, () => {
  it('are stored as the selection library reads them', async ({ app }) => {
    const p = await setUp(app)
    const cluster = await newCluster(app, p.coordinator)
    const call = await newCall(app, p.coordinator, cluster.id, { form, criteria })
    const stored = (await getCallForApplying(app.db, call.id))!
    const [evaluation] = evaluate(
      [
        {
          id: 'a',
          submittedAt: '2027-03-02T10:00:00Z',
          municipalityId: 'm',
          countryCode: 'RS',
          languages: ['sr'],
          answers: { motivation: 'yes', sector: 'social', years: 7, 'council-membership': true },
          firstTime: true,
          declared: {},
        },
      ],
      selectionCriteriaOf(stored.criteria, []),
    )
    expect(evaluation).toMatchObject({ eligible: true, score: 10, rank: 1 })
  })
})

describe('the deadline in the call’s time zone', { timeout: slow }, () => {
  // 2027: summer time begins on Sunday 28 March and ends on Sunday 31 October, in both zones.
  const cases = [
    {
      zone: 'Europe/Belgrade',
      deadline: '2027-03-28T23:59',
      before: '2027-03-28T21:58:00Z',
      after: '2027-03-28T22:00:00Z',
    },
    {
      zone: 'Europe/Stockholm',
      deadline: '2027-03-28T23:59',
      before: '2027-03-28T21:58:00Z',
      after: '2027-03-28T22:00:00Z',
    },
    {
      zone: 'Europe/Belgrade',
      deadline: '2027-10-31T23:59',
      before: '2027-10-31T22:58:00Z',
      after: '2027-10-31T23:00:00Z',
    },
    {
      zone: 'Europe/Stockholm',
      deadline: '2027-10-31T23:59',
      before: '2027-10-31T22:58:00Z',
      after: '2027-10-31T23:00:00Z',
    },
  ]

  it.for(cases)(
    '$zone, $deadline: an application at 23:58 local is in time, one at 00:00 the next day is late',
    async ({ zone, deadline, before, after }, { app }) => {
      const p = await setUp(app)
      clock.set('2027-03-01T08:00:00Z')
      const cluster = await newCluster(app, p.coordinator)
      const call = await newCall(app, p.coordinator, cluster.id, {
        ...complete,
        deadline,
        timeZone: zone,
      })
      expect(
        (await as(app, p.coordinator, 'PUT', `/api/v1/calls/${call.id}/status`, { status: 'open' }))
          .statusCode,
      ).toBe(200)
      const forApplying = (await getCallForApplying(app.db, call.id))!
      expect(forApplying.timeZone).toBe(zone)

      clock.set(before)
      expect(isOpenForApplications(forApplying, clock.now())).toBe(true)
      expect((await as(app, null, 'GET', `/api/v1/calls/${call.id}`)).json()).toMatchObject({
        acceptingApplications: true,
        deadline: { local: deadline, timeZone: zone },
      })
      const listed = (await as(app, null, 'GET', '/api/v1/calls?association=skgo&limit=100')).json()
      expect(listed.items.map((item: { id: string }) => item.id)).toContain(call.id)

      clock.set(after)
      expect(isOpenForApplications(forApplying, clock.now())).toBe(false)
      expect((await as(app, null, 'GET', `/api/v1/calls/${call.id}`)).json()).toMatchObject({
        status: 'open',
        acceptingApplications: false,
      })
      const later = (await as(app, null, 'GET', '/api/v1/calls?association=skgo&limit=100')).json()
      expect(later.items.map((item: { id: string }) => item.id)).not.toContain(call.id)
    },
  )

  it('refuses an unknown zone and a time the clocks skip; a repeated time takes the earlier instant', async ({
    app,
  }) => {
    const p = await setUp(app)
    const cluster = await newCluster(app, p.coordinator)
    const call = await newCall(app, p.coordinator, cluster.id)
    const unknown = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${call.id}`, {
      deadline: '2027-04-01T12:00',
      timeZone: 'Europe/Novi_Sad',
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.headers['content-type']).toContain('application/problem+json')
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/timeZone', reason: 'unknown-reference' }),
    ])
    const skipped = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${call.id}`, {
      deadline: '2027-03-28T02:30',
      timeZone: 'Europe/Belgrade',
    })
    expect(skipped.statusCode).toBe(400)
    expect(skipped.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/deadline', reason: 'invalid' }),
    ])
    const alone = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${call.id}`, {
      deadline: '2027-04-01T12:00',
    })
    expect(alone.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/timeZone', reason: 'required' }),
    ])
    expect((await storedCall(app, call.id))?.deadline).toBeNull()

    const repeated = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${call.id}`, {
      deadline: '2027-10-31T02:30',
      timeZone: 'Europe/Stockholm',
    })
    expect(repeated.json().deadline).toMatchObject({
      at: '2027-10-31T00:30:00.000Z',
      local: '2027-10-31T02:30',
    })
    // A new zone alone keeps the local time and moves the instant.
    const moved = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${call.id}`, {
      timeZone: 'Europe/London',
    })
    expect(moved.json().deadline).toMatchObject({
      at: '2027-10-31T02:30:00.000Z',
      local: '2027-10-31T02:30',
      timeZone: 'Europe/London',
    })
  })
})

describe(
  'bad input is refused with field and reason, and nothing is stored',
  { timeout: slow },
  () => {
    const bad: [string, object, { pointer: string; reason: string }][] = [
      [
        'an unknown field',
        { title: 'x', colour: 'red' },
        { pointer: '/body/colour', reason: 'unknown-field' },
      ],
      [
        'places below one',
        { title: 'x', places: 0 },
        { pointer: '/body/places', reason: 'too-small' },
      ],
      [
        'a bad zone',
        { title: 'x', deadline: '2027-04-01T12:00', timeZone: 'Mars/Olympus' },
        { pointer: '/body/timeZone', reason: 'unknown-reference' },
      ],
      [
        'a form key used twice',
        {
          title: 'x',
          form: [
            { kind: 'text', key: 'about', label: 'About', required: false },
            { kind: 'yes-no', key: 'about', label: 'About again', required: false },
          ],
        },
        { pointer: '/body/form/1/key', reason: 'conflict' },
      ],
      [
        'a built-in field under another key',
        { title: 'x', form: [{ kind: 'position', key: 'job', label: 'Job', required: true }] },
        { pointer: '/body/form/0/key', reason: 'conflict' },
      ],
      [
        'a required declared field',
        {
          title: 'x',
          form: [
            {
              kind: 'gender',
              key: 'gender',
              label: 'G',
              required: true,
              options: [{ value: 'woman', label: 'W' }],
            },
          ],
        },
        { pointer: '/body/form/0/required', reason: 'not-allowed' },
      ],
      [
        'a criterion on a missing question',
        {
          title: 'x',
          form,
          criteria: {
            eligibility: [],
            scores: [{ kind: 'yes', question: 'mayor', points: 1 }],
            balance: [],
          },
        },
        { pointer: '/body/criteria/scores/0/question', reason: 'unknown-reference' },
      ],
      [
        'a criterion on a question of another kind',
        {
          title: 'x',
          form,
          criteria: {
            eligibility: [],
            scores: [{ kind: 'number-scaled', question: 'sector', pointsPerUnit: 1 }],
            balance: [],
          },
        },
        { pointer: '/body/criteria/scores/0/question', reason: 'conflict' },
      ],
      [
        'a balance target on an option the form does not offer',
        {
          title: 'x',
          form,
          criteria: {
            eligibility: [],
            scores: [],
            balance: [{ kind: 'group-count', attribute: 'gender', value: 'other', min: 1 }],
          },
        },
        { pointer: '/body/criteria/balance/0/value', reason: 'unknown-reference' },
      ],
      [
        'an unknown municipality among who may apply',
        {
          title: 'x',
          whoMayApply: {
            countries: ['RS'],
            associationIds: [],
            municipalityIds: ['00000000-0000-4000-8000-000000000000'],
            positions: [],
          },
        },
        { pointer: '/body/whoMayApply/municipalityIds/0', reason: 'unknown-reference' },
      ],
    ]

    for (const [what, body, error] of bad)
      it(`on create: ${what}`, async ({ app }) => {
        const p = await setUp(app)
        const cluster = await newCluster(app, p.coordinator)
        const response = await as(
          app,
          p.coordinator,
          'POST',
          `/api/v1/learning-clusters/${cluster.id}/calls`,
          body,
        )
        expect(response.statusCode, response.body).toBe(400)
        expect(response.headers['content-type']).toContain('application/problem+json')
        expect(response.json().errors).toContainEqual(expect.objectContaining(error))
        const stored = await app.db
          .selectFrom('calls')
          .select('id')
          .where('clusterId', '=', cluster.id)
          .execute()
        expect(stored).toEqual([])
      })

    it('on change: the call stays as it was', async ({ app }) => {
      const p = await setUp(app)
      const cluster = await newCluster(app, p.coordinator)
      const call = await newCall(app, p.coordinator, cluster.id, { form })
      const before = await storedCall(app, call.id)
      for (const [what, body, error] of bad) {
        const response = await as(app, p.coordinator, 'PATCH', `/api/v1/calls/${call.id}`, body)
        expect(response.statusCode, what).toBe(400)
        expect(response.json().errors, what).toContainEqual(expect.objectContaining(error))
      }
      expect(await storedCall(app, call.id)).toEqual(before)
    })
  },
)
