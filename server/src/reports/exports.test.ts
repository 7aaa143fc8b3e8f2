import { parse } from 'csv-parse/sync'
import { strFromU8, unzipSync } from 'fflate'
import type { FastifyInstance } from 'fastify'
import readXlsxFile from 'read-excel-file/node'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics, rightAnswers01 } from '../testing/learning.ts'

const base = '/api/v1/learning-clusters'
const header = [
  'Municipality',
  'Country',
  'Members',
  'Enrolled',
  'Passed civic-basics/01-rights',
  'Passed civic-basics/02-services',
  'Completed',
]

interface World {
  clusterId: string
  coordinator: TestUser
  otherCoordinator: TestUser
  trainer: TestUser
  learner: TestUser
}
let world: World | undefined

const as = (app: FastifyInstance, user: TestUser) => bearer(tokenFor(app, user))

async function ok(response: { statusCode: number; body: string; json(): unknown }, status = 200) {
  expect(response.statusCode, response.body).toBe(status)
  return response.json() as Record<string, unknown>
}

/**
 * A running cluster of skgo: two members in Čačak (one passes module 1), one in Niš, one placed in
 * the association directly.
 */
async function setUp(app: FastifyInstance): Promise<World> {
  if (world) return world
  await importCivicBasics(app)
  const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
  const cacak = { country: 'RS', name: 'Čačak' }
  const passer = await createUser(app, { municipality: cacak, name: 'Ana Passer' })
  const members = [
    passer,
    await createUser(app, { municipality: cacak }),
    await createUser(app, { municipality: { country: 'RS', name: 'Niš' } }),
    await createUser(app, { association: 'skgo' }),
  ]
  const cluster = await ok(
    await app.inject({
      method: 'POST',
      url: base,
      headers: as(app, coordinator),
      payload: {
        name: 'Prava u lokalnim službama',
        startsOn: '2027-02-01',
        endsOn: '2027-05-31',
        capacity: 10,
        courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
      },
    }),
    201,
  )
  const clusterId = cluster.id as string
  await ok(
    await app.inject({
      method: 'POST',
      url: `${base}/${clusterId}/members`,
      headers: as(app, coordinator),
      payload: { userIds: members.map((member) => member.id) },
    }),
  )
  await ok(
    await app.inject({
      method: 'PUT',
      url: `${base}/${clusterId}/status`,
      headers: as(app, coordinator),
      payload: { status: 'running' },
    }),
  )
  const trainer = await createUser(app, { roles: ['trainer'], association: 'skgo' })
  const assigned = await app.inject({
    method: 'PUT',
    url: `${base}/${clusterId}/trainers/${trainer.id}`,
    headers: as(app, coordinator),
  })
  expect(assigned.statusCode).toBe(204)

  const mine = (await ok(
    await app.inject({ method: 'GET', url: '/api/v1/enrolments', headers: as(app, passer) }),
  )) as { items: { id: string; version: number }[] }
  const enrolment = mine.items[0]!
  await ok(
    await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${enrolment.id}/events`,
      headers: as(app, passer),
      payload: { type: 'module.read', step: '01-rights', expectedVersion: enrolment.version },
    }),
  )
  const attempt = await ok(
    await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${enrolment.id}/attempts`,
      headers: as(app, passer),
      payload: { step: '01-rights' },
    }),
    201,
  )
  const graded = await ok(
    await app.inject({
      method: 'POST',
      url: `/api/v1/attempts/${attempt.id as string}/submit`,
      headers: as(app, passer),
      payload: { answers: rightAnswers01 },
    }),
  )
  expect(graded.passed).toBe(true)
  world = {
    clusterId,
    coordinator,
    otherCoordinator: await createUser(app, { roles: ['coordinator'], association: 'zels' }),
    trainer,
    learner: passer,
  }
  return world
}

const download = (app: FastifyInstance, user: TestUser, url: string) =>
  app.inject({ method: 'GET', url, headers: as(app, user) })

// Municipality, country, members, enrolled, passed 01, passed 02, completed.
const expected = [
  ['Čačak', 'RS', 2, 2, 1, 0, 0],
  ['Niš', 'RS', 1, 1, 0, 0, 0],
  [null, null, 1, 1, 0, 0, 0],
]

describe('progress export', () => {
  it('CSV: a row per municipality with members, enrolled, passed per module and completed', async ({
    app,
  }) => {
    const w = await setUp(app)
    const response = await download(
      app,
      w.coordinator,
      `${base}/${w.clusterId}/exports/progress.csv`,
    )
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="progress-Prava-u-lokalnim-sluzbama.csv"',
    )
    expect(response.headers['cache-control']).toBe('no-store')
    const rows = parse(response.rawPayload.toString('utf8'), { bom: true }) as string[][]
    expect(rows[0]).toEqual(header)
    expect(rows.slice(1)).toEqual(
      expected.map((row) => row.map((cell) => (cell === null ? '' : String(cell)))),
    )
  })

  it('XLSX: the same numbers, as numbers, read by another library; no formula', async ({ app }) => {
    const w = await setUp(app)
    const response = await download(app, w.trainer, `${base}/${w.clusterId}/exports/progress.xlsx`)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const [sheet] = await readXlsxFile(response.rawPayload)
    expect(sheet!.sheet).toBe('Progress by municipality')
    expect(sheet!.data).toEqual([header, ...expected])
    const files = unzipSync(new Uint8Array(response.rawPayload))
    expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).not.toMatch(/<f[\s>/]/)
  })

  it("another association's coordinator finds no cluster; learners are refused", async ({
    app,
  }) => {
    const w = await setUp(app)
    for (const format of ['csv', 'xlsx']) {
      const url = `${base}/${w.clusterId}/exports/progress.${format}`
      const hidden = await download(app, w.otherCoordinator, url)
      expect(hidden.statusCode).toBe(404)
      expect(hidden.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect((await download(app, w.learner, url)).statusCode).toBe(403)
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401)
    }
  })
})
