// `npm run lint:openapi`: builds the API (no web, a throwaway embedded database), takes its OpenAPI
// document and runs Redocly's recommended rules on it. Exit code 1 on any error.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../server/src/app.ts'
import { loadConfig } from '../server/src/config.ts'
import { createDb, dbTargetFromConfig } from '../server/src/db/create-db.ts'
import { migrateToLatest } from '../server/src/db/migrate.ts'

async function lint(dataDir: string): Promise<number> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'openapi-lint-secret-that-is-long-enough',
    AGORA_DATA_DIR: dataDir,
    OUTBOX_POLL_MS: '0',
  })
  // Migrated like a real start: the app opens its credential signing key when it is ready.
  const database = await createDb(dbTargetFromConfig(config))
  await migrateToLatest(database.db)
  const app = await buildApp(config, { web: false, database })
  try {
    await app.ready()
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' })
    if (response.statusCode !== 200)
      throw new Error(`/api/docs/json answered ${response.statusCode}`)
    const file = join(dataDir, 'openapi.json')
    writeFileSync(file, JSON.stringify(response.json(), null, 2))
    const redocly = spawnSync(
      join(import.meta.dirname, '..', 'node_modules', '.bin', 'redocly'),
      ['lint', '--extends', 'recommended', '--format', 'stylish', file],
      {
        stdio: 'inherit',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    )
    return redocly.status ?? 1
  } finally {
    await app.close()
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'agora-openapi-'))
const status = await lint(dataDir).finally(() => rmSync(dataDir, { recursive: true, force: true }))
process.exit(status)
