// `npm run keys:rotate`: retires the active credential signing key and activates a new one, as
// POST /api/v1/signing-keys/rotation does (audited, with no actor). The retired key stays
// published, so credentials it signed still verify. Needs the CREDENTIAL_KEY the servers use.
import { ConfigError, loadConfig } from '../server/src/config.ts'
import {
  CredentialKeyError,
  credentialSettings,
  ensureSigningKey,
  localCredentialKey,
  rotateSigningKey,
} from '../server/src/credentials/service.ts'
import { createDb, dbTargetFromConfig } from '../server/src/db/create-db.ts'
import { MigrationError, migrateToLatest } from '../server/src/db/migrate.ts'

try {
  const loaded = loadConfig()
  const config = {
    ...loaded,
    CREDENTIAL_KEY: loaded.CREDENTIAL_KEY ?? localCredentialKey(loaded.AGORA_DATA_DIR),
  }
  const settings = credentialSettings(config)
  const database = await createDb(dbTargetFromConfig(config))
  try {
    await migrateToLatest(database.db)
    // Opens the active key first: a wrong CREDENTIAL_KEY stops here, before anything changes.
    await ensureSigningKey(database.db, settings, new Date())
    const { retired, active } = await rotateSigningKey(
      { db: database.db, actorId: null, ip: null },
      settings,
      new Date(),
    )
    console.log(`signing key ${active} is active; ${retired ?? 'no key'} retired (still published)`)
  } finally {
    await database.close()
  }
} catch (error) {
  if (
    error instanceof ConfigError ||
    error instanceof MigrationError ||
    error instanceof CredentialKeyError
  ) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
