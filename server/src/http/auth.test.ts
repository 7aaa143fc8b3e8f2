import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverOptions } from '../app.ts'
import { testConfig } from '../testing/config.ts'
import { localJwtSecret, registerAuth, requireRole } from './auth.ts'
import { registerErrorHandler } from './error-handler.ts'
import { epochTtlMs, sessionEpochs } from './session-epochs.ts'

const config = testConfig()
const app = Fastify(serverOptions(config))
// The database's answer, as the guard would read it: everyone is in epoch 0 unless listed here.
const epochs = new Map<string, number | null>()
const reads: string[] = []
let queries = 0
const sessionEpochsOf = async (userIds: readonly string[]) => {
  queries++
  reads.push(...userIds)
  return new Map(userIds.map((id) => [id, epochs.has(id) ? epochs.get(id)! : 0]))
}

beforeAll(async () => {
  registerErrorHandler(app)
  await registerAuth(app, config.JWT_SECRET!, sessionEpochsOf)
  app.get('/any', { onRequest: requireRole() }, async (request) => ({ user: request.user.sub }))
  app.get('/staff', { onRequest: requireRole('trainer', 'coordinator') }, async () => ({
    ok: true,
  }))
  await app.ready()
})
afterAll(() => app.close())

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe('requireRole', () => {
  it('answers 401 problem+json without a token', async () => {
    const response = await app.inject({ method: 'GET', url: '/any' })
    expect(response.statusCode).toBe(401)
    expect(response.json()).toMatchObject({ type: '/problems/unauthorized', status: 401 })
  })

  it('answers 401 for a token signed with another secret', async () => {
    const other = Fastify()
    await registerAuth(other, 'another-secret-that-is-long-enough-x', sessionEpochsOf)
    await other.ready()
    const forged = other.jwt.sign({ sub: 'u1', roles: ['admin'], assoc: null })
    await other.close()
    const response = await app.inject({ method: 'GET', url: '/staff', headers: bearer(forged) })
    expect(response.statusCode).toBe(401)
  })

  it('answers 401 for an expired token', async () => {
    const expired = app.jwt.sign({ sub: 'u1', roles: ['trainer'], assoc: null }, { expiresIn: -10 })
    const response = await app.inject({ method: 'GET', url: '/staff', headers: bearer(expired) })
    expect(response.statusCode).toBe(401)
  })

  it('answers 403 when the user lacks every required role', async () => {
    const token = app.jwt.sign({ sub: 'u1', roles: ['learner'], assoc: null })
    const response = await app.inject({ method: 'GET', url: '/staff', headers: bearer(token) })
    expect(response.statusCode).toBe(403)
    expect(response.json()).toMatchObject({
      type: '/problems/forbidden',
      detail: 'This needs one of the roles: trainer, coordinator.',
    })
  })

  it('keeps refusing an expired token it verified and cached while it was valid', async () => {
    const token = app.jwt.sign({ sub: 'u3', roles: ['trainer'], assoc: null }, { expiresIn: 1 })
    expect(
      (await app.inject({ method: 'GET', url: '/staff', headers: bearer(token) })).statusCode,
    ).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(
      (await app.inject({ method: 'GET', url: '/staff', headers: bearer(token) })).statusCode,
    ).toBe(401)
  })

  it('refuses a cached token with its signature changed', async () => {
    const token = app.jwt.sign({ sub: 'u4', roles: ['trainer'], assoc: null })
    expect(
      (await app.inject({ method: 'GET', url: '/staff', headers: bearer(token) })).statusCode,
    ).toBe(200)
    const signature = token.split('.')[2]!
    const tampered = `${token.slice(0, -signature.length)}${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`
    expect(
      (await app.inject({ method: 'GET', url: '/staff', headers: bearer(tampered) })).statusCode,
    ).toBe(401)
  })

  it('lets a user with one of the roles through', async () => {
    const token = app.jwt.sign({ sub: 'u2', roles: ['learner', 'coordinator'], assoc: null })
    expect(
      (await app.inject({ method: 'GET', url: '/staff', headers: bearer(token) })).statusCode,
    ).toBe(200)
    const any = await app.inject({ method: 'GET', url: '/any', headers: bearer(token) })
    expect(any.json()).toEqual({ user: 'u2' })
  })
})

describe('the session epoch', () => {
  const get = (token: string) => app.inject({ method: 'GET', url: '/any', headers: bearer(token) })

  it('refuses a token of an older epoch, and a person who is gone, with 401', async () => {
    epochs.set('e1', 2)
    const old = await get(app.jwt.sign({ sub: 'e1', roles: ['learner'], assoc: null, sep: 1 }))
    expect(old.statusCode).toBe(401)
    expect(old.headers['content-type']).toContain('application/problem+json')
    expect(old.json()).toMatchObject({ type: '/problems/unauthorized', status: 401 })
    const current = await get(app.jwt.sign({ sub: 'e1', roles: ['learner'], assoc: null, sep: 2 }))
    expect(current.statusCode).toBe(200)
    // A token without an epoch (issued before there were any) is of epoch 0.
    expect(
      (await get(app.jwt.sign({ sub: 'e1', roles: ['learner'], assoc: null }))).statusCode,
    ).toBe(401)
    epochs.set('e2', null)
    expect(
      (await get(app.jwt.sign({ sub: 'e2', roles: ['learner'], assoc: null, sep: 0 }))).statusCode,
    ).toBe(401)
  })

  it('checks a stale epoch before the roles: 401, not 403', async () => {
    epochs.set('e3', 1)
    const token = app.jwt.sign({ sub: 'e3', roles: ['learner'], assoc: null, sep: 0 })
    const response = await app.inject({ method: 'GET', url: '/staff', headers: bearer(token) })
    expect(response.statusCode).toBe(401)
  })

  it('reads a person’s epoch once a second; a change in this process is seen at once', async () => {
    const token = app.jwt.sign({ sub: 'e4', roles: ['learner'], assoc: null, sep: 0 })
    reads.length = 0
    await Promise.all([get(token), get(token), get(token)])
    expect((await get(token)).statusCode).toBe(200)
    expect(reads).toEqual(['e4'])

    // Another replica moves the epoch on: this one believes its cache for at most a second.
    epochs.set('e4', 1)
    expect((await get(token)).statusCode).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, epochTtlMs + 50))
    expect((await get(token)).statusCode).toBe(401)

    // This process moves it on: the next request reads it, cache or no cache.
    const renewed = app.jwt.sign({ sub: 'e4', roles: ['learner'], assoc: null, sep: 1 })
    expect((await get(renewed)).statusCode).toBe(200)
    epochs.set('e4', 2)
    sessionEpochs.changed('e4')
    expect((await get(renewed)).statusCode).toBe(401)
  })

  it('reads the epochs of everyone who missed in one turn with one query', async () => {
    const tokens = ['e6', 'e7', 'e8'].map((sub) =>
      app.jwt.sign({ sub, roles: ['learner'], assoc: null, sep: 0 }),
    )
    const before = queries
    reads.length = 0
    const answers = await Promise.all(tokens.map((token) => get(token)))
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200])
    expect(queries - before).toBe(1)
    expect(reads.sort()).toEqual(['e6', 'e7', 'e8'])
  })

  it('answers from the cache without waiting: the guard calls back before the tick ends', async () => {
    const token = app.jwt.sign({ sub: 'e5', roles: ['learner'], assoc: null, sep: 0 })
    expect((await get(token)).statusCode).toBe(200)
    const guard = requireRole()
    let passed = false
    const request = { headers: bearer(token), server: app } as never
    guard.call(app, request, {} as never, (error?: Error) => {
      passed = error === undefined
    })
    expect(passed).toBe(true)
  })
})

describe('localJwtSecret', () => {
  it('creates a private secret once and reuses it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'agora-secret-')), 'nested')
    const first = localJwtSecret(dir)
    expect(first.length).toBeGreaterThanOrEqual(32)
    expect(localJwtSecret(dir)).toBe(first)
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first)
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o077).toBe(0)
  })
})
