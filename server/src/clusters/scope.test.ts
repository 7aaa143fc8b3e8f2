import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics } from '../testing/learning.ts'

const base = '/api/v1/learning-clusters'
const body = {
  name: 'Local budgets and rights',
  startsOn: '2027-03-01',
  endsOn: '2027-03-31',
  capacity: 5,
  courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
}

interface People {
  skgoCoordinator: TestUser
  zelsCoordinator: TestUser
  admin: TestUser
  clusterTrainer: TestUser
  otherTrainer: TestUser
  learner: TestUser
}
let people: People | undefined

async function setUp(app: FastifyInstance): Promise<People> {
  if (people) return people
  await importCivicBasics(app)
  people = {
    skgoCoordinator: await createUser(app, { roles: ['coordinator'], association: 'skgo' }),
    zelsCoordinator: await createUser(app, { roles: ['coordinator'], association: 'zels' }),
    admin: await createUser(app, { roles: ['admin'] }),
    clusterTrainer: await createUser(app, { roles: ['trainer'], association: 'skgo' }),
    otherTrainer: await createUser(app, { roles: ['trainer'], association: 'skgo' }),
    learner: await createUser(app, { association: 'skgo' }),
  }
  return people
}

const call = (
  app: FastifyInstance,
  user: TestUser,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) => app.inject({ method, url, headers: bearer(tokenFor(app, user)), payload })

describe('who reaches a learning cluster', () => {
  it('coordinators create in their own association; an admin names one', async ({ app }) => {
    const p = await setUp(app)
    const own = await call(app, p.skgoCoordinator, 'POST', base, body)
    expect(own.json().associationId).toBe(p.skgoCoordinator.associationId)
    const elsewhere = await call(app, p.skgoCoordinator, 'POST', base, {
      ...body,
      associationId: p.zelsCoordinator.associationId,
    })
    expect(elsewhere.statusCode).toBe(400)
    expect(elsewhere.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/associationId', reason: 'not-allowed' }),
    ])
    const unnamed = await call(app, p.admin, 'POST', base, body)
    expect(unnamed.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/associationId', reason: 'required' }),
    ])
    const unknown = await call(app, p.admin, 'POST', base, {
      ...body,
      associationId: '00000000-0000-4000-8000-000000000000',
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/associationId', reason: 'unknown-reference' }),
    ])
    const named = await call(app, p.admin, 'POST', base, {
      ...body,
      associationId: p.zelsCoordinator.associationId,
    })
    expect(named.statusCode).toBe(201)
  })

  it("another association's coordinator finds nothing; the cluster's trainers read it and only read it", async ({
    app,
  }) => {
    const p = await setUp(app)
    const { id } = (await call(app, p.skgoCoordinator, 'POST', base, body)).json()
    const assigned = await call(
      app,
      p.skgoCoordinator,
      'PUT',
      `${base}/${id}/trainers/${p.clusterTrainer.id}`,
    )
    expect(assigned.statusCode).toBe(204)
    const notTrainer = await call(
      app,
      p.skgoCoordinator,
      'PUT',
      `${base}/${id}/trainers/${p.learner.id}`,
    )
    expect(notTrainer.json().errors).toEqual([
      expect.objectContaining({ pointer: '/params/userId', reason: 'not-allowed' }),
    ])

    for (const url of [`${base}/${id}`, `${base}/${id}/members`])
      expect((await call(app, p.zelsCoordinator, 'GET', url)).statusCode).toBe(404)
    expect(
      (await call(app, p.zelsCoordinator, 'PATCH', `${base}/${id}`, { capacity: 9 })).statusCode,
    ).toBe(404)
    expect((await call(app, p.otherTrainer, 'GET', `${base}/${id}`)).statusCode).toBe(404)
    expect((await call(app, p.learner, 'GET', `${base}/${id}`)).statusCode).toBe(403)

    const read = await call(app, p.clusterTrainer, 'GET', `${base}/${id}`)
    expect(read.json()).toMatchObject({
      trainers: [{ id: p.clusterTrainer.id }],
      courses: [{ slug: 'civic-basics', languages: ['en'] }],
    })
    expect((await call(app, p.clusterTrainer, 'GET', `${base}/${id}/members`)).statusCode).toBe(200)
    expect(
      (await call(app, p.clusterTrainer, 'PATCH', `${base}/${id}`, { capacity: 9 })).statusCode,
    ).toBe(403)

    // Lists: each sees their own.
    const listed = async (user: TestUser) =>
      ((await call(app, user, 'GET', base)).json().items as { id: string }[]).map((c) => c.id)
    expect(await listed(p.clusterTrainer)).toEqual([id])
    expect(await listed(p.otherTrainer)).toEqual([])
    expect(await listed(p.zelsCoordinator)).not.toContain(id)
    expect(await listed(p.skgoCoordinator)).toContain(id)
    expect(await listed(p.admin)).toContain(id)

    const removed = await call(
      app,
      p.skgoCoordinator,
      'DELETE',
      `${base}/${id}/trainers/${p.clusterTrainer.id}`,
    )
    expect(removed.statusCode).toBe(204)
    expect((await call(app, p.clusterTrainer, 'GET', `${base}/${id}`)).statusCode).toBe(404)
  })

  it('a change keeps the dates in order and the capacity above the members, else stores nothing', async ({
    app,
  }) => {
    const p = await setUp(app)
    const { id } = (
      await call(app, p.skgoCoordinator, 'POST', base, { ...body, capacity: 2 })
    ).json()
    await call(app, p.skgoCoordinator, 'POST', `${base}/${id}/members`, { userIds: [p.learner.id] })
    const early = await call(app, p.skgoCoordinator, 'PATCH', `${base}/${id}`, {
      endsOn: '2027-02-01',
    })
    expect(early.statusCode).toBe(400)
    expect(early.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/endsOn', reason: 'conflict' }),
    ])
    const small = await call(app, p.skgoCoordinator, 'PATCH', `${base}/${id}`, { capacity: 0 })
    expect(small.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/capacity', reason: 'too-small' }),
    ])
    const empty = await call(app, p.skgoCoordinator, 'PATCH', `${base}/${id}`, {})
    expect(empty.statusCode).toBe(400)
    const unchanged = (await call(app, p.skgoCoordinator, 'GET', `${base}/${id}`)).json()
    expect(unchanged).toMatchObject({ endsOn: '2027-03-31', capacity: 2, memberCount: 1 })

    const changed = await call(app, p.skgoCoordinator, 'PATCH', `${base}/${id}`, {
      name: 'Local budgets, rights and services',
      capacity: 1,
      courses: [{ courseSlug: 'civic-basics', languages: ['sr-Latn', 'en'] }],
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({
      name: 'Local budgets, rights and services',
      capacity: 1,
      courses: [{ slug: 'civic-basics', languages: ['sr-Latn', 'en'] }],
    })
  })
})
