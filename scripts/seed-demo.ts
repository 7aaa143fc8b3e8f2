// `npm run seed:demo`: one user per role, in real organisations, so a newcomer can try every role.
// Idempotent: existing demo users are left as they are. With PGlite, run it while Agora is stopped.
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { ConfigError, loadConfig } from '../server/src/config.ts'
import { createDb, dbTargetFromConfig } from '../server/src/db/create-db.ts'
import type { Role } from '../server/src/db/schema.ts'
import { MigrationError, migrateToLatest } from '../server/src/db/migrate.ts'
import { hashPassword, passwordProblems } from '../server/src/identity/passwords.ts'
import { findUserByEmail, replaceRoles } from '../server/src/identity/queries.ts'
import { loadReferenceOrganisations } from '../server/src/organisations/reference.ts'

interface DemoUser {
  email: string
  name: string
  role: Role
  position: string
  association?: string
  municipality?: { country: string; name: string }
}

const demoUsers: DemoUser[] = [
  {
    email: 'admin@demo.local',
    name: 'Ana Admin',
    role: 'admin',
    position: 'Platform administrator',
  },
  {
    email: 'trainer@demo.local',
    name: 'Teodor Trainer',
    role: 'trainer',
    position: 'Trainer, social inclusion',
    association: 'skgo',
  },
  {
    email: 'coordinator@demo.local',
    name: 'Kristina Coordinator',
    role: 'coordinator',
    position: 'Project coordinator',
    association: 'skgo',
  },
  {
    email: 'learner@demo.local',
    name: 'Luka Learner',
    role: 'learner',
    position: 'Local officer for social protection',
    municipality: { country: 'RS', name: 'Kragujevac' },
  },
]

try {
  const config = loadConfig()
  const shared = process.env.DEMO_PASSWORD || undefined
  if (shared !== undefined && shared.length < 12)
    throw new ConfigError('DEMO_PASSWORD must be at least 12 characters long')
  const database = await createDb(dbTargetFromConfig(config))
  try {
    await migrateToLatest(database.db)
    await loadReferenceOrganisations(database.db)
    const created: { email: string; role: Role; password: string }[] = []
    for (const demo of demoUsers) {
      if (await findUserByEmail(database.db, demo.email)) continue
      let password = shared ?? randomBytes(12).toString('base64url')
      while (passwordProblems(password, demo, '').length > 0)
        password = randomBytes(12).toString('base64url')
      await database.db.transaction().execute(async (trx) => {
        const association = demo.association
          ? await trx
              .selectFrom('associations')
              .select('id')
              .where('slug', '=', demo.association)
              .executeTakeFirstOrThrow()
          : undefined
        const municipality = demo.municipality
          ? await trx
              .selectFrom('municipalities')
              .select('id')
              .where('countryCode', '=', demo.municipality.country)
              .where('name', '=', demo.municipality.name)
              .executeTakeFirstOrThrow()
          : undefined
        const { id } = await trx
          .insertInto('users')
          .values({
            email: demo.email,
            name: demo.name,
            position: demo.position,
            associationId: association?.id ?? null,
            municipalityId: municipality?.id ?? null,
            passwordHash: await hashPassword(password),
            emailVerifiedAt: sql<Date>`now()`,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await replaceRoles(trx, id, [demo.role])
      })
      created.push({ email: demo.email, role: demo.role, password })
    }
    if (created.length === 0) {
      console.log('Demo users exist already; nothing changed.')
    } else {
      console.log(
        `Created ${created.length} demo user(s)${shared ? ' with DEMO_PASSWORD' : '; note the passwords, they are shown only now'}:`,
      )
      for (const user of created)
        console.log(
          `  ${user.role.padEnd(12)} ${user.email.padEnd(24)} ${shared ? '(DEMO_PASSWORD)' : user.password}`,
        )
    }
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
