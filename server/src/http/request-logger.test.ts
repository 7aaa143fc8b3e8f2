import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lazyChildLogger } from './request-logger.ts'

const lines: Record<string, unknown>[] = []
let id = 0
const app = Fastify({
  logger: { level: 'warn', stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
  childLoggerFactory: lazyChildLogger,
  genReqId: () => `req-${++id}`,
})

beforeAll(async () => {
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
})
afterAll(() => app.close())

describe('the lazy request logger', () => {
  it('writes nothing below the level, and lines at it carry the request id and their fields', async () => {
    lines.length = 0
    await app.inject('/quiet')
    expect(lines).toEqual([])
    await app.inject('/loud')
    expect(lines).toMatchObject([
      { level: 40, reqId: 'req-2', step: 'intro', msg: 'worth a line' },
      { level: 50, reqId: 'req-2', part: 'inner', msg: 'from a child' },
    ])
  })

  it('logs a failed request with its id', async () => {
    lines.length = 0
    expect((await app.inject('/boom')).statusCode).toBe(500)
    expect(lines).toMatchObject([{ level: 50, reqId: 'req-3', err: { message: 'boom' } }])
  })

  it('reports the level it writes at', async () => {
    expect((await app.inject('/level')).json()).toEqual({ level: 'warn' })
  })
})
