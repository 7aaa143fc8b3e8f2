import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { csvRows, download, expectExportScoped, xlsxSheet } from '../testing/exports.ts'
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

// Municipality, country, members, enrolled, passed 01, passed 02, completed.
const expected = [
  ['Čačak', 'RS', 2, 2, 1, 0, 0],
  ['Niš', 'RS', 1, 1, 0, 0, 0],
  [null, null, 1, 1, 0, 0, 0],
]

// The first test also builds the file's app and the world it reads, on a machine shared with
// other test files.
describe('progress export', { timeout: 90_000 }, () => {
  it('CSV: a row per municipality with members, enrolled, passed per module and completed', async ({
    app,
  }) => {
    const w = await setUp(app)
    const rows = csvRows(
      await download(app, w.coordinator, `${base}/${w.clusterId}/exports/progress.csv`),
      'progress-Prava-u-lokalnim-sluzbama.csv',
    )
    expect(rows[0]).toEqual(header)
    expect(rows.slice(1)).toEqual(
      expected.map((row) => row.map((cell) => (cell === null ? '' : String(cell)))),
    )
  })

  it('XLSX: the same numbers, as numbers, read by another library; no formula', async ({ app }) => {
    const w = await setUp(app)
    const sheet = await xlsxSheet(
      await download(app, w.trainer, `${base}/${w.clusterId}/exports/progress.xlsx`),
      'progress-Prava-u-lokalnim-sluzbama.xlsx',
    )
    expect(sheet.name).toBe('Progress by municipality')
    expect(sheet.rows).toEqual([header, ...expected])
  })

  it('in Serbian with ?lang=sr-Latn', async ({ app }) => {
    const w = await setUp(app)
    const sheet = await xlsxSheet(
      await download(
        app,
        w.coordinator,
        `${base}/${w.clusterId}/exports/progress.xlsx?lang=sr-Latn`,
      ),
    )
    expect(sheet.name).toBe('Napredak po opštinama')
    expect(sheet.rows).toEqual([
      [
        'Opština',
        'Država',
        'Članovi',
        'Upisani',
        'Položili civic-basics/01-rights',
        'Položili civic-basics/02-services',
        'Završili',
      ],
      ...expected,
    ])
  })

  it("another association's coordinator finds no cluster; learners are refused", async ({
    app,
  }) => {
    const w = await setUp(app)
    await expectExportScoped(app, `${base}/${w.clusterId}/exports/progress`, {
      otherCoordinator: w.otherCoordinator,
      refused: w.learner,
    })
  })
})
