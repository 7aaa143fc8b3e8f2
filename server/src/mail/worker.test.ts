import type { FastifyBaseLogger } from 'fastify'
import { expect, it } from 'vitest'
import { createDb } from '../db/create-db.ts'
import { OutboxWorker } from './worker.ts'

function recordingLog() {
  const lines: { level: string; message: string }[] = []
  const at =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push({ level, message: String(args.find((arg) => typeof arg === 'string')) })
  const log = {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    child: () => log,
  } as unknown as FastifyBaseLogger
  return { log, lines }
}

it('waits quietly while the database is out of reach: one warning, no error per poll', async () => {
  const unreachable = await createDb({
    kind: 'postgres',
    url: 'postgres://nobody@127.0.0.1:1/none',
    poolMax: 1,
  })
  const { log, lines } = recordingLog()
  const worker = new OutboxWorker(unreachable.db, async () => {}, log)
  try {
    worker.start(10)
    await expect.poll(() => lines.length).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 200))
  } finally {
    await worker.stop()
    await unreachable.close()
  }
  expect(lines).toEqual([{ level: 'warn', message: expect.stringContaining('database') }])
})
