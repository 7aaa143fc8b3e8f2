import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics } from '../testing/learning.ts'

const base = '/api/v1/learning-clusters'
const newCluster = {
  name: 'Human rights in local services 2027',
  description: 'Three months, **two** courses.',
  startsOn: '2027-02-01',
  endsOn: '2027-05-31',
  capacity: 2,
  courses: [{ courseSlug: 'civic-basics', languages: ['en', 'sr-Latn'] }],
}

let coordinator: TestUser
let as: (user: TestUser) => { authorization: string }

async function setUp(app: FastifyInstance) {
  if (coordinator) return
  await importCivicBasics(app)
  coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
  as = (user) => bearer(tokenFor(app, user))
}

async function create(app: FastifyInstance, body: object = newCluster, user = coordinator) {
  const response = await app.inject({ method: 'POST', url: base, headers: as(user), payload: body })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string; status: string; associationId: string }
}

const clusterCount = (app: FastifyInstance) =>
  app.db
    .selectFrom('clusters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.n))

async function move(app: FastifyInstance, id: string, status: string) {
  return app.inject({
    method: 'PUT',
    url: `${base}/${id}/status`,
    headers: as(coordinator),
    payload: { status },
  })
}

describe('learning clusters', () => {
  it('a member of a running cluster is enrolled pinned to the current version, and leaving withdraws it', async ({
    app,
  }) => {
    await setUp(app)
    const cluster = await create(app)
    expect(cluster).toMatchObject({ status: 'draft', associationId: coordinator.associationId })
    const learner = await createUser(app, { municipality: { country: 'RS', name: 'Kragujevac' } })

    const added = await app.inject({
      method: 'POST',
      url: `${base}/${cluster.id}/members`,
      headers: as(coordinator),
      payload: { userIds: [learner.id] },
    })
    expect(added.statusCode, added.body).toBe(200)
    expect(added.json()).toEqual({ added: [learner.id], alreadyMembers: [], enrolments: 0 })

    for (const status of ['call-open', 'selecting', 'running'])
      expect((await move(app, cluster.id, status)).statusCode).toBe(200)

    const enrolments = await app.db
      .selectFrom('enrolments as e')
      .innerJoin('courseVersions as v', 'v.id', 'e.courseVersionId')
      .innerJoin('courses as c', 'c.id', 'e.courseId')
      .select(['e.id', 'e.clusterId', 'e.status', 'e.courseVersionId', 'c.currentVersionId'])
      .where('e.userId', '=', learner.id)
      .execute()
    expect(enrolments).toHaveLength(1)
    expect(enrolments[0]).toMatchObject({ clusterId: cluster.id, status: 'active' })
    expect(enrolments[0]!.courseVersionId).toBe(enrolments[0]!.currentVersionId)

    // The learner sees it under their own enrolments, as a member of the cluster.
    const mine = await app.inject({
      method: 'GET',
      url: '/api/v1/enrolments',
      headers: as(learner),
    })
    expect(mine.json().items[0]).toMatchObject({ clusterId: cluster.id })

    const members = await app.inject({
      method: 'GET',
      url: `${base}/${cluster.id}/members`,
      headers: as(coordinator),
    })
    expect(members.json()).toMatchObject({
      total: 1,
      items: [{ userId: learner.id, source: 'assignment', municipality: { name: 'Kragujevac' } }],
    })

    const left = await app.inject({
      method: 'POST',
      url: `${base}/${cluster.id}/members/${learner.id}/withdrawal`,
      headers: as(coordinator),
      payload: { reason: 'Moved to another municipality' },
    })
    expect(left.statusCode, left.body).toBe(204)
    const after = await app.db
      .selectFrom('enrolments')
      .select(['status', 'withdrawnReason'])
      .where('id', '=', enrolments[0]!.id)
      .executeTakeFirstOrThrow()
    expect(after).toEqual({ status: 'withdrawn', withdrawnReason: 'Moved to another municipality' })
    const listed = await app.inject({
      method: 'GET',
      url: `${base}/${cluster.id}/members?includeLeft=true`,
      headers: as(coordinator),
    })
    expect(listed.json().items[0]).toMatchObject({
      userId: learner.id,
      leaveReason: 'Moved to another municipality',
    })
    const actions = await app.db
      .selectFrom('auditEvents')
      .select('action')
      .where('action', 'like', 'cluster.%')
      .execute()
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'cluster.created',
        'cluster.member-added',
        'cluster.status-changed',
        'cluster.member-removed',
      ]),
    )
  })

  it('joining a running cluster enrols at once; a full cluster refuses and stores nothing', async ({
    app,
  }) => {
    await setUp(app)
    const cluster = await create(app, { ...newCluster, capacity: 1 })
    expect((await move(app, cluster.id, 'running')).statusCode).toBe(200)
    const [first, second] = [
      await createUser(app, { association: 'skgo', name: 'Ana Anić' }),
      await createUser(app, { association: 'skgo' }),
    ]
    const added = await app.inject({
      method: 'POST',
      url: `${base}/${cluster.id}/members`,
      headers: as(coordinator),
      payload: { userIds: [first!.id] },
    })
    expect(added.json()).toMatchObject({ added: [first!.id], enrolments: 1 })
    const full = await app.inject({
      method: 'POST',
      url: `${base}/${cluster.id}/members`,
      headers: as(coordinator),
      payload: { userIds: [second!.id] },
    })
    expect(full.statusCode).toBe(409)
    expect(full.json()).toMatchObject({ type: '/problems/conflict', title: 'Cluster full' })
    const stored = await app.db
      .selectFrom('clusterMembers')
      .select('userId')
      .where('clusterId', '=', cluster.id)
      .execute()
    expect(stored).toEqual([{ userId: first!.id }])
  })

  it('two assignments at the same moment never overfill the last place', async ({ app }) => {
    await setUp(app)
    const cluster = await create(app, { ...newCluster, capacity: 1 })
    const people = [
      await createUser(app, { association: 'skgo' }),
      await createUser(app, { association: 'skgo' }),
    ]
    const answers = await Promise.all(
      people.map((person) =>
        app.inject({
          method: 'POST',
          url: `${base}/${cluster.id}/members`,
          headers: as(coordinator),
          payload: { userIds: [person.id] },
        }),
      ),
    )
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409])
    const stored = await app.db
      .selectFrom('clusterMembers')
      .select('userId')
      .where('clusterId', '=', cluster.id)
      .execute()
    expect(stored).toHaveLength(1)
  })

  it('refuses people who are not learners of the association, and stores nothing', async ({
    app,
  }) => {
    await setUp(app)
    const cluster = await create(app)
    const own = await createUser(app, { association: 'skgo' })
    const foreign = await createUser(app, { association: 'zels' })
    const trainer = await createUser(app, { roles: ['trainer'], association: 'skgo' })
    const response = await app.inject({
      method: 'POST',
      url: `${base}/${cluster.id}/members`,
      headers: as(coordinator),
      payload: { userIds: [own.id, foreign.id, trainer.id] },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([
      { pointer: '/body/userIds/1', reason: 'not-allowed', detail: expect.any(String) },
      { pointer: '/body/userIds/2', reason: 'not-allowed', detail: expect.any(String) },
    ])
    const stored = await app.db
      .selectFrom('clusterMembers')
      .select('userId')
      .where('clusterId', '=', cluster.id)
      .execute()
    expect(stored).toEqual([])
  })

  it('moves forward one status at a time (or draft → running) and refuses others with 409', async ({
    app,
  }) => {
    await setUp(app)
    const cluster = await create(app)
    const back = await move(app, cluster.id, 'selecting')
    expect(back.statusCode).toBe(409)
    expect(back.json()).toMatchObject({ type: '/problems/conflict' })
    expect((await move(app, cluster.id, 'call-open')).statusCode).toBe(200)
    expect((await move(app, cluster.id, 'draft')).statusCode).toBe(409)
    expect((await move(app, cluster.id, 'running')).statusCode).toBe(409)
    expect((await move(app, cluster.id, 'selecting')).statusCode).toBe(200)
    expect((await move(app, cluster.id, 'running')).statusCode).toBe(200)
    expect((await move(app, cluster.id, 'closed')).statusCode).toBe(200)
    expect((await move(app, cluster.id, 'running')).statusCode).toBe(409)
    const direct = await create(app)
    expect((await move(app, direct.id, 'running')).json()).toMatchObject({ status: 'running' })
    const status = await app.inject({
      method: 'GET',
      url: `${base}/${cluster.id}`,
      headers: as(coordinator),
    })
    expect(status.json()).toMatchObject({ status: 'closed' })
  })

  it.for<[object, string, string]>([
    [{ ...newCluster, endsOn: '2027-01-31' }, '/body/endsOn', 'conflict'],
    [{ ...newCluster, startsOn: '2027-02-30' }, '/body/startsOn', 'format'],
    [{ ...newCluster, name: 'Ana\u202Egnp.exe' }, '/body/name', 'invalid-text'],
    [{ ...newCluster, name: 'Two\nlines' }, '/body/name', 'invalid-text'],
    [{ ...newCluster, capacity: 0 }, '/body/capacity', 'too-small'],
    [{ ...newCluster, capacity: 1_000_000 }, '/body/capacity', 'too-large'],
    [{ ...newCluster, capacity: '20' }, '/body/capacity', 'type'],
    [{ ...newCluster, colour: 'red' }, '/body/colour', 'unknown-field'],
    [
      { ...newCluster, courses: [{ courseSlug: 'no-such-course', languages: ['en'] }] },
      '/body/courses/0/courseSlug',
      'unknown-reference',
    ],
    [
      { ...newCluster, associationId: '00000000-0000-4000-8000-000000000000' },
      '/body/associationId',
      'not-allowed',
    ],
  ])(
    'refuses a bad cluster (%#) with its pointer and reason, and stores nothing',
    async ([body, pointer, reason], { app }) => {
      await setUp(app)
      const before = await clusterCount(app)
      const response = await app.inject({
        method: 'POST',
        url: base,
        headers: as(coordinator),
        payload: body,
      })
      expect(response.statusCode, response.body).toBe(400)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(response.json()).toMatchObject({
        type: '/problems/validation',
        errors: [{ pointer, reason }],
      })
      expect(await clusterCount(app)).toBe(before)
    },
  )
})
