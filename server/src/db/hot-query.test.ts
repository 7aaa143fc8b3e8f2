import { sql } from 'kysely'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { createUser } from '../testing/factories.ts'
import type { Db } from './create-db.ts'
import { hotQuery, preparedStatements, runPrepared } from './hot-query.ts'

const emailOf = hotQuery((db: Db, id: string) =>
  db.selectFrom('users').select(['email', 'preferredLanguage']).where('id', '=', id),
)

describe('hot queries', () => {
  it('compile once and run with each call’s own parameters, rows mapped like any query', async ({
    app,
  }) => {
    const ana = await createUser(app, { email: 'ana@hot.test' })
    const ben = await createUser(app, { email: 'ben@hot.test' })
    expect((await emailOf(app.db, ana.id)).rows).toEqual([
      { email: 'ana@hot.test', preferredLanguage: expect.any(String) },
    ])
    const before = preparedStatements.size
    for (let i = 0; i < 20; i++)
      expect((await emailOf(app.db, i % 2 ? ana.id : ben.id)).rows[0]!.email).toBe(
        i % 2 ? 'ana@hot.test' : 'ben@hot.test',
      )
    // One statement, whatever the number of calls: the prepared set only grows with the code.
    expect(preparedStatements.size).toBe(before)
  })

  it('refuses a query whose parameters are not exactly the arguments', async ({ app }) => {
    const withConstant = hotQuery((db: Db, id: string) =>
      db
        .selectFrom('users')
        .select('email')
        .where('id', '=', id)
        .where('email', '<>', 'nobody@hot.test'),
    )
    await expect(async () =>
      withConstant(app.db, '00000000-0000-4000-8000-000000000000'),
    ).rejects.toThrow(/parameters must be exactly the arguments/)
  })

  it('runs hand-written SQL with numbered parameters, named once', async ({ app }) => {
    const text = 'select $1::int + $2::int as sum'
    const first = await runPrepared<{ sum: number }>(app.db, text, [2, 3])
    const second = await runPrepared<{ sum: number }>(app.db, text, [40, 2])
    expect([first.rows[0]!.sum, second.rows[0]!.sum]).toEqual([5, 42])
    expect([...preparedStatements.keys()].filter((known) => known === text)).toHaveLength(1)
    expect((await sql<{ one: number }>`select 1 as one`.execute(app.db)).rows).toEqual([{ one: 1 }])
  })
})
