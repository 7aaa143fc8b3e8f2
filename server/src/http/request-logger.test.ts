import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, test as base } from 'vitest'
import { lazyChildLogger } from './request-logger.ts'

// Each test gets its own app and its own log lines; a request's id is the one it sends in
// `x-test-id`, so no test depends on how many requests ran before it.
const it = base.extend<{ logged: { app: FastifyInstance; lines: Record<string, unknown>[] } }>({
  logged: async ({}, use) => {
    const lines: Record<string, unknown>[] = []
    const app = Fastify({
      logger: { level: 'warn', stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
      childLoggerFactory: lazyChildLogger,
      requestIdHeader: 'x-test-id',
    })
    app.get('/quiet', async (request) => {
      request.log.info('below the level')
      return { ok: true }
    })
    app.get('/loud', async (request) => {
      request.log.warn({ step: 'intro' }, 'worth a line')
      request.log.child({ part: 'inner' }).error('from a child')
      return { ok: true }
    })
    app.get('/level', async (request) => ({ level: request.log.level }))
    app.get('/boom', async () => {
      throw new Error('boom')
    })
    await app.ready()
    await use({ app, lines })
    await app.close()
  },
})

const withId = (url: string, id: string) => ({ url, headers: { 'x-test-id': id } })

describe('the lazy request logger', () => {
  it('writes nothing below the level, and lines at it carry the request id and their fields', async ({
    logged: { app, lines },
  }) => {
    await app.inject(withId('/quiet', 'req-quiet'))
    expect(lines).toEqual([])
    await app.inject(withId('/loud', 'req-loud'))
    expect(lines).toMatchObject([
      { level: 40, reqId: 'req-loud', step: 'intro', msg: 'worth a line' },
      { level: 50, reqId: 'req-loud', part: 'inner', msg: 'from a child' },
    ])
  })

  it('logs a failed request with its id', async ({ logged: { app, lines } }) => {
    expect((await app.inject(withId('/boom', 'req-boom'))).statusCode).toBe(500)
    expect(lines).toMatchObject([{ level: 50, reqId: 'req-boom', err: { message: 'boom' } }])
  })

  it('reports the level it writes at', async ({ logged: { app } }) => {
    expect((await app.inject('/level')).json()).toEqual({ level: 'warn' })
  })
})
