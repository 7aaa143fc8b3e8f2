import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Config, loadConfig } from '../config.ts'

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256',
    AGORA_DATA_DIR: mkdtempSync(join(tmpdir(), 'agora-test-')),
    OUTBOX_POLL_MS: '0',
    SCHEDULER_POLL_MS: '0',
    // Each test file has a database of its own, and two files run at once.
    DATABASE_POOL_MAX: '5',
    ...overrides,
  })
}
