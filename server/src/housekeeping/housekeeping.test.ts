import { sql } from 'kysely'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import { createUser } from '../testing/factories.ts'
import { listTasks } from './queries.ts'
import { Scheduler } from './scheduler.ts'
import { purgeTasks, type ScheduledTask } from './tasks.ts'

const silent = { warn() {}, error() {} } as never

const hoursAgo = (hours: number) => sql<Date>`now() - make_interval(hours => ${hours})`

describe('the purge of rows that only protect requests for a while', () => {
  it('deletes receipts older than a day, ended rate windows and stale throttles, and keeps the rest', async ({
    app,
  }) => {
    const user = await createUser(app)
    const receipt = (key: string, hours: number) => ({
      userId: user.id,
      scope: 'attempt-submit:x',
      key,
      fingerprint: 'f',
      statusCode: 200,
      response: '{}',
      createdAt: hoursAgo(hours),
    })
    await app.db
      .insertInto('idempotencyKeys')
      .values([receipt('old', 25), receipt('recent', 23)])
      .execute()
    await app.db
      .insertInto('rateLimitHits')
      .values([
        { key: 'ended', count: 9, resetAt: sql<Date>`now() - interval '1 second'` },
        { key: 'running', count: 9, resetAt: sql<Date>`now() + interval '1 minute'` },
      ])
      .execute()
    await app.db
      .insertInto('loginThrottles')
      .values([
        { emailKey: 'stale@example.org', client: '', failures: 3, updatedAt: hoursAgo(25) },
        { emailKey: 'fresh@example.org', client: '', failures: 3 },
      ])
      .execute()

    const ran = await new Scheduler(app.db, purgeTasks, silent).runDue()

    expect(ran.sort()).toEqual([
      'purge-idempotency-keys',
      'purge-login-throttles',
      'purge-rate-limit-windows',
    ])
    const keys = await app.db.selectFrom('idempotencyKeys').select('key').execute()
    expect(keys.map((row) => row.key)).toEqual(['recent'])
    const windows = await app.db.selectFrom('rateLimitHits').select('key').execute()
    expect(windows.map((row) => row.key)).toEqual(['running'])
    const throttles = await app.db.selectFrom('loginThrottles').select('emailKey').execute()
    expect(throttles.map((row) => row.emailKey)).toEqual(['fresh@example.org'])
    const tasks = await listTasks(app.db)
    expect(tasks.find((task) => task.name === 'purge-idempotency-keys')?.lastOutcome).toBe(
      '1 deleted',
    )
  })

  it('empties a backlog larger than one batch', async ({ app }) => {
    const user = await createUser(app)
    await sql`insert into idempotency_keys (user_id, scope, key, fingerprint, status_code, response, created_at)
      select ${user.id}, 'backlog', 'k' || n, 'f', 200, '{}', now() - interval '2 days'
      from generate_series(1, 12000) as n`.execute(app.db)
    const [purge] = purgeTasks
    await app.db.deleteFrom('scheduledTasks').execute()
    expect(await purge!.run(app.db)).toBe('12000 deleted')
    const left = await app.db
      .selectFrom('idempotencyKeys')
      .select(sql<number>`count(*)`.as('n'))
      .where('scope', '=', 'backlog')
      .executeTakeFirstOrThrow()
    expect(Number(left.n)).toBe(0)
  })
})

describe('a scheduled task', () => {
  const counting = (name: string, runs: string[]): ScheduledTask => ({
    name,
    everySeconds: 3600,
    run: async () => {
      runs.push(name)
      return 'ok'
    },
  })

  it('runs once across replicas asking at the same time, then not again until it is due', async ({
    app,
  }) => {
    const runs: string[] = []
    const task = counting('once', runs)
    const replicas = [1, 2, 3].map(() => new Scheduler(app.db, [task], silent))

    const ran = await Promise.all(replicas.map((replica) => replica.runDue()))

    expect(ran.flat()).toEqual(['once'])
    expect(runs).toEqual(['once'])
    expect(await replicas[1]!.runDue()).toEqual([])

    await app.db
      .updateTable('scheduledTasks')
      .set({ lastStartedAt: hoursAgo(2) })
      .where('name', '=', 'once')
      .execute()
    expect(await replicas[2]!.runDue()).toEqual(['once'])
    expect(runs).toEqual(['once', 'once'])
  })

  it('waits for the lease of a replica that died mid-run to expire', async ({ app }) => {
    const runs: string[] = []
    await app.db
      .insertInto('scheduledTasks')
      .values({
        name: 'orphaned',
        lastStartedAt: hoursAgo(2),
        leasedUntil: sql<Date>`now() + interval '5 minutes'`,
      })
      .execute()
    const scheduler = new Scheduler(app.db, [counting('orphaned', runs)], silent)
    expect(await scheduler.runDue()).toEqual([])

    await app.db
      .updateTable('scheduledTasks')
      .set({ leasedUntil: sql<Date>`now() - interval '1 second'` })
      .where('name', '=', 'orphaned')
      .execute()
    expect(await scheduler.runDue()).toEqual(['orphaned'])
    expect(runs).toEqual(['orphaned'])
  })

  it('records a failure, gives the lease back and goes on with the next task', async ({ app }) => {
    const runs: string[] = []
    const failing: ScheduledTask = {
      name: 'failing',
      everySeconds: 3600,
      run: () => Promise.reject(new Error('disk full')),
    }
    const scheduler = new Scheduler(app.db, [failing, counting('after', runs)], silent)

    expect(await scheduler.runDue()).toEqual(['failing', 'after'])

    const failed = (await listTasks(app.db)).find((task) => task.name === 'failing')!
    expect(failed.lastOutcome).toBe('failed: disk full')
    expect(new Date(failed.leasedUntil).getTime()).toBeLessThanOrEqual(Date.now() + 1000)
    expect(runs).toEqual(['after'])
  })
})
