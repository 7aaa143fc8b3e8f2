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
