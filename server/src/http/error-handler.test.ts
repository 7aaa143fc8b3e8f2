import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import Type from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverOptions } from '../app.ts'
import { createDb } from '../db/create-db.ts'
import { testConfig } from '../testing/config.ts'
import {
  fieldErrors,
  notFoundProblem,
  refuseWhileClosing,
  registerErrorHandler,
} from './error-handler.ts'
import { Problem } from './problem.ts'

const app = Fastify(serverOptions(testConfig())).withTypeProvider<TypeBoxTypeProvider>()
const stored: unknown[] = []

beforeAll(async () => {
  registerErrorHandler(app)
  app.setNotFoundHandler(notFoundProblem)
  app.post(
    '/things/:id',
    {
      schema: {
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          {
            email: Type.String({ format: 'email' }),
            kind: Type.Enum(['a', 'b']),
            tags: Type.Optional(Type.Array(Type.String(), { maxItems: 2 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      stored.push(request.body)
      return { ok: true }
    },
  )
  app.get('/conflict', async () => {
    throw new Problem(409, 'stale-version', 'Stale version', 'Reload and try again.', {
      currentVersion: 3,
    })
  })
  app.get('/crash', async () => {
    throw new Error('secret internals: password=hunter2')
  })
  app.get('/database/:failure', async (request) => {
    throw databaseFailures[(request.params as { failure: string }).failure]
  })
  app.get('/unreachable-database', async () => {
    await sql`select 1`.execute(unreachable.db)
  })
  await app.ready()
})
afterAll(async () => {
  await app.close()
  await unreachable.close()
})

/** pg's error for a message from the server, with its SQLSTATE code. */
function serverError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error')
  error.code = code
  return error
}

function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' })
}

const lostConnections: Record<string, Error> = {
  'admin-shutdown': serverError('57P01', 'terminating connection due to administrator command'),
  'crash-shutdown': serverError('57P02', 'terminating connection due to crash of another process'),
  'cannot-connect-now': serverError('57P03', 'the database system is starting up'),
  'connection-failure': serverError('08006', 'connection failure'),
  'connection-exception': serverError('08000', 'connection exception'),
  refused: systemError('ECONNREFUSED'),
  reset: systemError('ECONNRESET'),
  'broken-pipe': systemError('EPIPE'),
  'timed-out': systemError('ETIMEDOUT'),
  terminated: new Error('Connection terminated unexpectedly'),
  'terminated-by-timeout': new Error('Connection terminated due to connection timeout'),
  'pool-timeout': new Error('timeout exceeded when trying to connect'),
  'not-queryable': new Error('Client has encountered a connection error and is not queryable'),
  // Node's happy-eyeballs connect (localhost → ::1 and 127.0.0.1) fails with one of each.
  'refused-twice': Object.assign(
    new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')]),
    { code: 'ECONNREFUSED' },
  ),
  wrapped: new Error('query failed', { cause: systemError('ECONNRESET') }),
}

const ordinaryFailures: Record<string, Error> = {
  'unique-violation': serverError('23505', 'duplicate key value violates unique constraint'),
  'undefined-table': serverError('42P01', 'relation "nowhere" does not exist'),
  'query-canceled': serverError('57014', 'canceling statement due to statement timeout'),
  'serialization-failure': serverError('40001', 'could not serialize access'),
  'a-file-not-found': systemError('ENOENT'),
}

const databaseFailures: Record<string, Error> = { ...lostConnections, ...ordinaryFailures }

const unreachable = await createDb({
  kind: 'postgres',
  url: 'postgres://nobody@127.0.0.1:1/none',
  poolMax: 1,
})

describe('problem+json errors', () => {
  it('reports every invalid field with a JSON pointer, and stores nothing', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things/0',
      payload: { kind: 'c', tags: ['x', 'y', 'z'], extra: 1 },
    })
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    const body = response.json()
    expect(body).toMatchObject({
      type: '/problems/validation',
      title: 'Invalid request',
      status: 400,
    })
    expect(body.instance).toMatch(/^[0-9a-f-]{36}$/)
    expect(stored).toEqual([])
  })

  it('points at body fields: missing, unknown, enum and array limits', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things/1',
      payload: { kind: 'c', tags: ['x', 'y', 'z'], extra: 1 },
    })
    const pointers = Object.fromEntries(
      response
        .json()
        .errors.map((error: { pointer: string; detail: string }) => [error.pointer, error.detail]),
    )
    expect(pointers).toMatchObject({
      '/body/email': 'is required',
      '/body/extra': 'is not an allowed field',
      '/body/kind': 'must be one of: a, b',
      '/body/tags': expect.stringContaining('2'),
    })
    expect(stored).toEqual([])
  })

  it('points at path parameters', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things/0',
      payload: { email: 'a@b.co', kind: 'a' },
    })
    expect(response.json().errors).toEqual([
      { pointer: '/params/id', reason: 'too-small', detail: 'must be >= 1' },
    ])
  })

  it('accepts a valid request', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things/7',
      payload: { email: 'a@b.co', kind: 'b' },
    })
    expect(response.statusCode).toBe(200)
    expect(stored).toEqual([{ email: 'a@b.co', kind: 'b' }])
  })

  it('turns malformed JSON into a 400 problem', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things/1',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ type: '/problems/bad-request', status: 400 })
  })

  it('turns an unsupported content type into 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things/1',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    })
    expect(response.statusCode).toBe(415)
    expect(response.json().type).toBe('/problems/unsupported-media-type')
  })

  it('turns an oversized body into 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/things/1',
      payload: { email: 'a@b.co', kind: 'a', padding: 'x'.repeat(1024 * 1024) },
    })
    expect(response.statusCode).toBe(413)
    expect(response.json().type).toBe('/problems/payload-too-large')
  })

  it('sends a thrown Problem with its status, type and extensions', async () => {
    const response = await app.inject({ method: 'GET', url: '/conflict' })
    expect(response.statusCode).toBe(409)
    expect(response.json()).toMatchObject({
      type: '/problems/stale-version',
      title: 'Stale version',
      detail: 'Reload and try again.',
      currentVersion: 3,
    })
  })

  it('hides the message and stack of unexpected errors', async () => {
    const response = await app.inject({ method: 'GET', url: '/crash' })
    expect(response.statusCode).toBe(500)
    expect(response.json()).toEqual({
      type: '/problems/internal',
      title: 'Internal server error',
      status: 500,
      instance: expect.any(String),
    })
    expect(response.body).not.toContain('hunter2')
    expect(response.body).not.toContain('at ')
  })

  it('answers unknown routes with a 404 problem', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/nowhere?x=1' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({
      type: '/problems/not-found',
      detail: 'No route for DELETE /nowhere',
    })
  })
})

describe('a database that cannot be reached', () => {
  it.each(Object.keys(lostConnections))(
    'answers a lost connection (%s) with 503 unavailable and Retry-After',
    async (failure) => {
      const response = await app.inject({ method: 'GET', url: `/database/${failure}` })
      expect(response.statusCode).toBe(503)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
      expect(response.json()).toEqual({
        type: '/problems/unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: 'The database cannot be reached right now.',
        retryAfter: Number(response.headers['retry-after']),
        instance: expect.any(String),
      })
    },
  )

  it('answers 503 when the pool cannot connect at all', async () => {
    const response = await app.inject({ method: 'GET', url: '/unreachable-database' })
    expect(response.statusCode).toBe(503)
    expect(response.headers['retry-after']).toBeDefined()
    expect(response.json().type).toBe('/problems/unavailable')
  })

  it.each(Object.keys(ordinaryFailures))(
    'keeps an ordinary failure (%s) a 500 internal error',
    async (failure) => {
      const response = await app.inject({ method: 'GET', url: `/database/${failure}` })
      expect(response.statusCode).toBe(500)
      expect(response.headers['retry-after']).toBeUndefined()
      expect(response.json().type).toBe('/problems/internal')
    },
  )
})

describe('field error reasons', () => {
  it('names a reason for each Ajv keyword, for clients to translate', () => {
    const errors = fieldErrors(
      [
        { instancePath: '', keyword: 'required', params: { missingProperty: 'email' } },
        { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'x' } },
        { instancePath: '/name', keyword: 'type', params: { type: 'string' } },
        { instancePath: '/name', keyword: 'minLength', params: { limit: 1 } },
        { instancePath: '/csv', keyword: 'maxLength', params: { limit: 9 } },
        { instancePath: '/roles', keyword: 'minItems', params: { limit: 1 } },
        { instancePath: '/limit', keyword: 'minimum', params: { limit: 1 } },
        { instancePath: '/to', keyword: 'maximum', params: { limit: 2147483647 } },
        { instancePath: '/email', keyword: 'format', params: { format: 'email' } },
        { instancePath: '/name', keyword: 'format', params: { format: 'user-text' } },
        { instancePath: '/slug', keyword: 'pattern', params: { pattern: '^[a-z]+$' } },
        { instancePath: '/language', keyword: 'enum', params: { allowedValues: ['en'] } },
        { instancePath: '/tags', keyword: 'uniqueItems', params: { i: 1, j: 0 } },
      ],
      'body',
    )
    expect(errors.map((error) => [error.pointer, error.reason])).toEqual([
      ['/body/email', 'required'],
      ['/body/x', 'unknown-field'],
      ['/body/name', 'type'],
      ['/body/name', 'too-short'],
      ['/body/csv', 'too-long'],
      ['/body/roles', 'too-short'],
      ['/body/limit', 'too-small'],
      ['/body/to', 'too-large'],
      ['/body/email', 'format'],
      ['/body/name', 'invalid-text'],
      ['/body/slug', 'format'],
      ['/body/language', 'not-allowed'],
      ['/body/tags', 'invalid'],
    ])
  })
})

describe('while the server closes', () => {
  it('answers a request still arriving on an open connection with a 503 problem', async () => {
    const server = Fastify(serverOptions(testConfig()))
    registerErrorHandler(server)
    refuseWhileClosing(server)
    let started!: () => void
    let release!: () => void
    let closingBegan!: () => void
    const inFlight = new Promise<void>((resolve) => (started = resolve))
    const closing = new Promise<void>((resolve) => (closingBegan = resolve))
    server.addHook('preClose', (done) => {
      closingBegan()
      done()
    })
    server.get('/slow', async () => {
      started()
      await new Promise<void>((resolve) => (release = resolve))
      return { ok: true }
    })
    server.get('/fast', async () => ({ ok: true }))
    await server.listen({ port: 0, host: '127.0.0.1' })
    const { port } = server.server.address() as AddressInfo

    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString()))
    const ended = new Promise((resolve) => socket.on('close', resolve))
    socket.write('GET /slow HTTP/1.1\r\nHost: agora\r\n\r\n')
    await inFlight
    const closed = server.close()
    await closing
    // Pipelined behind the request in flight: Node reads it once the first answer is sent.
    socket.write('GET /fast HTTP/1.1\r\nHost: agora\r\n\r\n')
    release()
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 3000))])
    socket.destroy()
    await closed

    const second = received.slice(received.indexOf('HTTP/1.1', 1))
    expect(received).toMatch(/^HTTP\/1.1 200/)
    expect(second).toMatch(/^HTTP\/1.1 503/)
    expect(second).toMatch(/content-type: application\/problem\+json/i)
    expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4))).toMatchObject({
      type: '/problems/unavailable',
      status: 503,
    })
  })
})
