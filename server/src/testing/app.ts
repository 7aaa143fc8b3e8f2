import type { FastifyInstance } from 'fastify'
import { inject, test as base } from 'vitest'
import { buildApp } from '../app.ts'
import { testConfig } from './config.ts'
import { openTestDatabase, type TestDatabaseSource } from './db.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    database: TestDatabaseSource
  }
}

/** The real app on a fresh, migrated database of its own: `const app = await buildTestApp()`. */
export async function buildTestApp(configOverrides: Record<string, string> = {}): Promise<FastifyInstance> {
  const database = await openTestDatabase(inject('database'))
  const app = await buildApp(testConfig(configOverrides), { database })
  await app.ready()
  return app
}

/** `it` with an `app` fixture: one app and database per test file, closed (and dropped) after it. */
export const it = base.extend<{ app: FastifyInstance }>({
  app: [
    async ({}, use) => {
      const app = await buildTestApp()
      await use(app)
      await app.close()
    },
    { scope: 'file' },
  ],
})
