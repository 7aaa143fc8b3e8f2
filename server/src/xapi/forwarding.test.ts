import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { buildApp } from '../app.ts'
import type { DbHandle } from '../db/create-db.ts'
import { appendEvent, lockForChange } from '../enrolments/service.ts'
import type { ProgressionEvent } from '../progression/index.ts'
import { TestClock } from '../testing/clock.ts'
import { testConfig } from '../testing/config.ts'
import { openTestDatabase } from '../testing/db.ts'
import { enrolledLearner, importCivicBasics } from '../testing/learning.ts'
import { xapiProblems } from '../testing/xapi.ts'
import { backoffSeconds, XapiForwarder } from './service.ts'

type Mode = 'ok' | 'fail' | 'hang' | 'conflict'

/**
 * A learning record store for the test: POST /xapi/statements takes a batch and keeps each
 * statement by id; `plan` says how the next requests are answered (then: accept).
 */
class TestLrs {
  server: Server | undefined
  port = 0
  plan: Mode[] = []
  requests: { mode: Mode; headers: IncomingMessage['headers']; url: string; ids: string[] }[] = []
  /** Every statement the LRS accepted, in arrival order (an id twice would be a duplicate). */
  accepted: { id: string }[] = []

  async open(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response))
    // Longer than a test's pauses: an idle connection the server drops just as the client reuses
    // it fails that request (a real network does that too; the forwarder then retries).
    server.keepAliveTimeout = 120_000
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }

  /** Stops listening: connections are refused until open() again, on the same port. */
  async close(): Promise<void> {
    const server = this.server
    this.server = undefined
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/xapi`
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = ''
    for await (const chunk of request) body += String(chunk)
    const statements = JSON.parse(body) as { id: string }[]
    const mode = this.plan.shift() ?? 'ok'
    this.requests.push({
      mode,
      headers: request.headers,
      url: request.url ?? '',
      ids: statements.map((statement) => statement.id),
    })
    if (mode === 'hang') return // never answers; the client gives up
    if (mode === 'fail') {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('LRS down for maintenance')
      return
    }
    if (mode === 'conflict') {
      response.writeHead(409, { 'content-type': 'text/plain' }).end('already stored')
      return
    }
    this.accepted.push(...statements)
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(statements.map((statement) => statement.id)))
  }
}

// civic-basics up to the webinar: five events, five statements per learner.
const path: ProgressionEvent[] = [
  { type: 'module.read', step: '01-rights' },
  { type: 'quiz.submitted', step: '01-rights', score: 0.9 },
  { type: 'module.read', step: '02-services' },
  { type: 'quiz.submitted', step: '02-services', score: 0.4 },
  { type: 'quiz.retried', step: '02-services' },
]

async function learnersWalk(app: FastifyInstance, learners: number): Promise<void> {
  for (let i = 0; i < learners; i++) {
    const learner = await enrolledLearner(app)
    await app.db.transaction().execute(async (trx) => {
      let row = await lockForChange(trx, learner.enrolmentId)
      for (const event of path) ({ row } = await appendEvent(trx, row, event, null))
    })
  }
}

async function stored(app: FastifyInstance) {
  return app.db
    .selectFrom('xapiStatements')
    .select(['id', 'position', 'forwardedAt', 'statement'])
    .orderBy('position')
    .execute()
}

const forwarding = (app: FastifyInstance) =>
  app.db.selectFrom('xapiForwarding').selectAll().executeTakeFirstOrThrow()

describe('forwarding xAPI statements to an LRS', () => {
  const lrs = new TestLrs()
  const clock = new TestClock('2026-12-06T08:00:00Z')
  const apps: FastifyInstance[] = []
  let database: DbHandle

  const start = async () => {
    const config = testConfig({
      XAPI_LRS_URL: lrs.url,
      XAPI_LRS_USERNAME: 'agora-key',
      XAPI_LRS_PASSWORD: 'agora-secret',
    })
    // The same database for every start: an app closing must not close it (the last one does).
    const handle = { ...database, close: async () => {} }
    const app = await buildApp(config, { database: handle, clock })
    await app.ready()
    apps.push(app)
    return app
  }
  const later = (seconds: number) => clock.set(new Date(clock.now().getTime() + seconds * 1000))
  /** Flushes until nothing is left, past any back-off (a failure is retried, never skipped). */
  const deliverAll = async (app: FastifyInstance, forwarder: XapiForwarder) => {
    let sent = 0
    for (let round = 0; round < 5; round++) {
      sent += await forwarder.flush()
      if ((await stored(app)).every((row) => row.forwardedAt !== null)) return sent
      later(backoffSeconds((await forwarding(app)).attempts))
    }
    throw new Error(`not delivered: ${(await forwarding(app)).lastError}`)
  }

  afterAll(async () => {
    for (const app of apps) await app.close()
    await database?.close()
    await lrs.close()
  })

  it('survives 500s, refused connections and a restart: every statement arrives once, in order', async () => {
    database = await openTestDatabase(inject('database'))
    await lrs.open()
    const first = await start()
    await importCivicBasics(first)
    await learnersWalk(first, 11) // 55 statements: a batch of 50 and one of 5
    const forwarder = first.xapiForwarder!
    expect(forwarder).toBeInstanceOf(XapiForwarder)

    // The LRS answers 500 three times: each failure waits twice as long as the one before.
    lrs.plan = ['fail', 'fail', 'fail']
    const waits: number[] = []
    for (let failure = 1; failure <= 3; failure++) {
      expect(await forwarder.flush()).toBe(0)
      const state = await forwarding(first)
      expect(state.attempts).toBe(failure)
      expect(state.lastError).toContain('HTTP 500')
      waits.push((state.nextAttemptAt.getTime() - clock.now().getTime()) / 1000)
      // Not due yet: nothing is sent before the back-off ends.
      const asked = lrs.requests.length
      expect(await forwarder.flush()).toBe(0)
      expect(lrs.requests.length).toBe(asked)
      later(waits.at(-1)!)
    }
    expect(waits).toEqual([1, 2, 4])

    // The LRS goes away: connections are refused for a while.
    await lrs.close()
    for (let failure = 4; failure <= 6; failure++) {
      expect(await forwarder.flush()).toBe(0)
      const state = await forwarding(first)
      expect(state.attempts).toBe(failure)
      expect(state.lastError).toMatch(/fetch failed|ECONNREFUSED/)
      later(backoffSeconds(failure))
    }

    // Back on the same port: the first batch is taken, the second fails, more events come in.
    await lrs.open()
    lrs.plan = ['ok', 'fail']
    expect(await forwarder.flush()).toBe(50)
    expect((await forwarding(first)).attempts).toBe(1)
    await learnersWalk(first, 3)

    // A restart: a new app on the same database goes on where the first one stopped.
    await first.close()
    const second = await start()
    later(1)
    expect(await deliverAll(second, second.xapiForwarder!)).toBe(20)

    const all = await stored(second)
    expect(all).toHaveLength(70)
    expect(all.every((row) => row.forwardedAt !== null)).toBe(true)
    const ids = lrs.accepted.map((statement) => statement.id)
    expect(new Set(ids).size).toBe(ids.length) // exactly once
    expect(ids).toEqual(all.map((row) => row.id)) // all of them, in position order
    for (const statement of lrs.accepted) expect(xapiProblems(statement)).toEqual([])
    expect(await forwarding(second)).toMatchObject({ attempts: 0, lastError: null })

    // Every request: the statements resource, the version header, Basic auth, at most 50.
    for (const request of lrs.requests) {
      expect(request.url).toBe('/xapi/statements')
      expect(request.headers['x-experience-api-version']).toBe('1.0.3')
      expect(request.headers['content-type']).toBe('application/json')
      expect(request.headers.authorization).toBe(
        `Basic ${Buffer.from('agora-key:agora-secret').toString('base64')}`,
      )
      expect(request.ids.length).toBeLessThanOrEqual(50)
    }
    // The failed batch was sent again first, whole: order held across the failure.
    const failedSecond = lrs.requests.filter((request) => request.mode === 'fail').at(-1)!
    const retried = lrs.requests.at(-1)!
    expect(retried.mode).toBe('ok')
    expect(retried.ids.slice(0, failedSecond.ids.length)).toEqual(failedSecond.ids)
  }, 180_000)

  it('two replicas at once send each statement once; a hung LRS times out; 409 counts as delivered', async () => {
    const app = apps.at(-1)!
    await learnersWalk(app, 11) // 55 more
    const other = new XapiForwarder(app.db, { url: lrs.url }, clock, app.log)
    const before = lrs.accepted.length
    const [a, b] = await Promise.all([app.xapiForwarder!.flush(), other.flush()])
    expect(a + b + (await deliverAll(app, other))).toBe(55)
    const ids = lrs.accepted.map((statement) => statement.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.slice(before)).toEqual((await stored(app)).slice(-55).map((row) => row.id))

    // An LRS that never answers: the request is given up after its timeout and tried again later.
    await learnersWalk(app, 1)
    const impatient = new XapiForwarder(app.db, { url: lrs.url }, clock, app.log, {
      timeoutMs: 200,
    })
    lrs.plan = ['hang']
    expect(await impatient.flush()).toBe(0)
    expect((await forwarding(app)).lastError).toMatch(/timeout|aborted/i)
    later(1)
    // The LRS already had them (a request that timed out after it stored them): 409 is delivery.
    lrs.plan = ['conflict']
    expect(await impatient.flush()).toBe(5)
    expect((await stored(app)).every((row) => row.forwardedAt !== null)).toBe(true)
  }, 180_000)
})

describe('back-off', () => {
  it('doubles from a second up to an hour', () => {
    expect([1, 2, 3, 4, 10, 12, 13, 40].map(backoffSeconds)).toEqual([
      1, 2, 4, 8, 512, 2048, 3600, 3600,
    ])
  })
})
