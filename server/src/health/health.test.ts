import { type AddressInfo, createServer, type Socket } from 'node:net'
import { expect } from 'vitest'
import { it } from '../testing/app.ts'

it('reports the database kind and that every migration is applied', async ({ app }) => {
  const response = await app.inject({ method: 'GET', url: '/api/v1/health' })
  expect(response.statusCode).toBe(200)
  const body = response.json()
  expect(body).toEqual({
    status: 'ok',
    db: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    migrations: { applied: expect.any(Number), pending: 0 },
  })
  expect(body.migrations.applied).toBeGreaterThanOrEqual(4)
})

it('answers 503 "unavailable" when the database cannot be reached', async () => {
  const { buildApp } = await import('../app.ts')
  const { testConfig } = await import('../testing/config.ts')
  const { createDb } = await import('../db/create-db.ts')
  const database = await createDb({
    kind: 'postgres',
    url: 'postgres://nobody@127.0.0.1:1/none',
    poolMax: 1,
  })
  const app = await buildApp(testConfig(), { database })
  try {
    const response = await app.inject({ method: 'GET', url: '/api/v1/health' })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toMatchObject({ status: 'unavailable', db: 'postgres' })
  } finally {
    await app.close()
  }
})

it('answers 503 within a second when the database accepts connections but never answers', async () => {
  const { buildApp } = await import('../app.ts')
  const { testConfig } = await import('../testing/config.ts')
  const { createDb } = await import('../db/create-db.ts')
  // A black hole: TCP connects, PostgreSQL never speaks (a hung server, a dead proxy).
  const sockets: Socket[] = []
  const silent = createServer((socket) => sockets.push(socket))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  const { port } = silent.address() as AddressInfo
  const database = await createDb({ kind: 'postgres', url: `postgres://x@127.0.0.1:${port}/x` })
  const app = await buildApp(testConfig(), { database })
  try {
    // The first answer of a new app also pays for its warm-up; a load balancer asks again and again.
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(503)
    const startedAt = performance.now()
    const response = await app.inject({ method: 'GET', url: '/api/v1/health' })
    expect(performance.now() - startedAt).toBeLessThan(1000)
    expect(response.statusCode).toBe(503)
    expect(response.headers['retry-after']).toBeDefined()
    expect(response.json()).toMatchObject({ status: 'unavailable', db: 'postgres' })
  } finally {
    for (const socket of sockets) socket.destroy()
    await app.close()
    await new Promise((resolve) => silent.close(resolve))
  }
})
