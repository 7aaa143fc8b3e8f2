import type { FastifyInstance } from 'fastify'
import { inject, test as base } from 'vitest'
import { type BuildOptions, buildApp } from '../app.ts'
import { testConfig } from './config.ts'
import { openTestDatabase, type TestDatabaseSource } from './db.ts'
import { type Mailbox, startMailbox } from './mail.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    database: TestDatabaseSource
  }
}

/** The real app on a fresh, migrated database of its own: `const app = await buildTestApp()`. */
export async function buildTestApp(
  configOverrides: Record<string, string> = {},
  options: Omit<BuildOptions, 'database'> = {},
): Promise<FastifyInstance> {
  const config = testConfig(configOverrides)
  const database = await openTestDatabase(inject('database'), { poolMax: config.DATABASE_POOL_MAX })
  const app = await buildApp(config, { ...options, database })
  await app.ready()
  return app
}

/**
 * `it` with fixtures, one of each per test file: `app` (fresh database, closed and dropped after
 * the file) sending its e-mail to `mailbox`, a real SMTP server in the test process.
 */
export const it = base.extend<{ mailbox: Mailbox; app: FastifyInstance }>({
  mailbox: [
    async ({}, use) => {
      const mailbox = await startMailbox()
      await use(mailbox)
      await mailbox.close()
    },
    { scope: 'file' },
  ],
  app: [
    async ({ mailbox }, use) => {
      const app = await buildTestApp({ SMTP_URL: mailbox.url })
      await use(app)
      await app.close()
    },
    { scope: 'file' },
  ],
})

/** Sends what the outbox holds and returns the newest message to `address`. */
export async function deliveredTo(app: FastifyInstance, mailbox: Mailbox, address: string) {
  await app.outbox.flush()
  return mailbox.to(address).at(-1)
}
