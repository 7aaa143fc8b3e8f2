import { sql } from 'kysely'
import { buildApp } from './app.ts'
import { type Config, ConfigError, loadConfig, publicOrigin } from './config.ts'
import { createDb, type DbHandle, dbTargetFromConfig } from './db/create-db.ts'
import { MigrationError, migrateToLatest } from './db/migrate.ts'
import { CredentialKeyError, localCredentialKey } from './credentials/service.ts'
import { localJwtSecret } from './http/auth.ts'
import { issueSetupLink } from './identity/service.ts'
import { importCourseFolders } from './courses/import.ts'
import { loadReferenceOrganisations } from './organisations/reference.ts'

const shutdownDeadlineMs = 4500

/** A start-up failure the operator can fix: printed as one line, exit code 1, no stack trace. */
class StartupError extends Error {}

async function openDatabase(config: Config): Promise<DbHandle> {
  const target = dbTargetFromConfig(config)
  let handle: DbHandle | undefined
  try {
    handle = await createDb(target)
    await sql`select 1`.execute(handle.db)
    return handle
  } catch (error) {
    await handle?.close().catch(() => {})
    const reason = error instanceof Error ? error.message : String(error)
    if (target.kind === 'postgres') {
      const url = new URL(target.url)
      throw new StartupError(
        `Cannot connect to PostgreSQL at ${url.host}${url.pathname} (DATABASE_URL): ${reason}`,
      )
    }
    throw new StartupError(`Cannot open the embedded database in ${target.dataDir}: ${reason}`)
  }
}

async function main(): Promise<void> {
  const loaded = loadConfig()
  const config: Config = Object.freeze({
    ...loaded,
    JWT_SECRET: loaded.JWT_SECRET ?? localJwtSecret(loaded.AGORA_DATA_DIR),
    CREDENTIAL_KEY: loaded.CREDENTIAL_KEY ?? localCredentialKey(loaded.AGORA_DATA_DIR),
  })
  const database = await openDatabase(config)
  const applied = await migrateToLatest(database.db)
  await loadReferenceOrganisations(database.db)
  const imported = await importCourseFolders(database.db, config.COURSES_DIR)

  // Before listening, so that nothing touches the database once a shutdown may have closed it.
  const setupPath = await issueSetupLink(database.db)
  const app = await buildApp(config, { database, web: config.SERVE_WEB })
  for (const result of applied)
    app.log.info({ migration: result.migrationName }, 'migration applied')
  for (const result of imported) {
    // A broken course must not keep the platform down: it is reported, and its last good version stays.
    if (result.status === 'invalid')
      app.log.error(
        { course: result.slug, problems: result.problems },
        `course ${result.slug} not imported: ${result.problems.length} problems (npm run courses:check)`,
      )
    else if (result.status === 'created')
      app.log.info({ course: result.slug, version: result.version }, 'course version imported')
  }

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    const deadline = setTimeout(() => {
      app.log.error('in-flight requests did not finish in time; exiting anyway')
      process.exit(1)
    }, shutdownDeadlineMs)
    deadline.unref()
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))

  await app.listen({ host: config.HOST, port: config.PORT })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.PORT
  const host = ['0.0.0.0', '::', 'localhost'].includes(config.HOST) ? 'localhost' : config.HOST
  const where =
    database.kind === 'pglite' ? `embedded PGlite in ${config.AGORA_DATA_DIR}` : 'PostgreSQL'
  console.log(`Agora is serving on http://${host}:${port} (database: ${where})`)
  if (setupPath) {
    const origin = config.ORIGIN ? publicOrigin(config) : `http://${host}:${port}`
    console.log(
      `No administrator yet. Create the first one (link valid 24 h, works once): ${origin}${setupPath}`,
    )
  }
}

try {
  await main()
} catch (error) {
  if (
    error instanceof ConfigError ||
    error instanceof StartupError ||
    error instanceof MigrationError ||
    error instanceof CredentialKeyError
  ) {
    console.error(error.message)
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port already in use: ${(error as Error).message} (set PORT to another port)`)
  } else {
    console.error(error)
  }
  process.exit(1)
}
