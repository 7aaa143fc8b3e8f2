// `npm run db:migrate`: brings the configured database (PostgreSQL or embedded) up to date.
import { ConfigError, loadConfig } from '../server/src/config.ts'
import { createDb, dbTargetFromConfig } from '../server/src/db/create-db.ts'
import { MigrationError, migrateToLatest, migrationStatus } from '../server/src/db/migrate.ts'

try {
  const config = loadConfig()
  const database = await createDb(dbTargetFromConfig(config))
  try {
    const results = await migrateToLatest(database.db)
    for (const result of results) console.log(`applied ${result.migrationName}`)
    const { applied } = await migrationStatus(database.db)
    console.log(`${database.kind}: ${applied} migrations applied, ${results.length} of them now`)
  } finally {
    await database.close()
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof MigrationError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
