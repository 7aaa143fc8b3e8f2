// `npm run seed:demo`: one user per role, in real organisations, so a newcomer can try every role,
// and a running learning cluster of the coordinator's association, selected by its closed call for
// participants (applications accepted, one wait-listed, one rejected, with reasons), with learners
// from several municipalities, some of them with progress (scripts/seed-demo-cluster.ts), and the
// peer exchange of its Diversity Management course: webinar sessions with attendance, good
// practices and evaluations (scripts/seed-demo-peer-exchange.ts), and certificates: the demo
// learner's completed Minority Commissioner and the finished learners' (scripts/seed-demo-certificates.ts).
// Idempotent: existing demo users and the demo cluster are left as they are. With PGlite, run it
// while Agora is stopped.
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { ConfigError, loadConfig, publicOrigin } from '../server/src/config.ts'
import { credentialSettings, localCredentialKey } from '../server/src/credentials/service.ts'
import { importCourseFolders } from '../server/src/courses/import.ts'
import { createDb, dbTargetFromConfig } from '../server/src/db/create-db.ts'
import type { Role } from '../server/src/db/schema.ts'
import { MigrationError, migrateToLatest } from '../server/src/db/migrate.ts'
import { Problem } from '../server/src/http/problem.ts'
import { hashPassword, passwordProblems } from '../server/src/identity/passwords.ts'
import { findUserByEmail, replaceRoles } from '../server/src/identity/queries.ts'
import { loadReferenceOrganisations } from '../server/src/organisations/reference.ts'
import { type Person, seedDemoCluster } from './seed-demo-cluster.ts'
import { seedDemoCertificates } from './seed-demo-certificates.ts'
import { seedDemoPeerExchange } from './seed-demo-peer-exchange.ts'

interface DemoUser {
  email: string
  name: string
  role: Role
  position: string
  association?: string
  municipality?: { country: string; name: string }
  preferredLanguage?: string
}

/** Members of the demo cluster, officials of Serbian municipalities (SKGO, the coordinator's). */
function clusterLearner(name: string, municipality: string, position: string): DemoUser {
  const email = `${name
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/g, 'dj')
    .replace(' ', '.')}@demo.local`
  return {
    email,
    name,
    role: 'learner',
    position,
    municipality: { country: 'RS', name: municipality },
    preferredLanguage: 'sr-Latn',
  }
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

const clusterLearners: DemoUser[] = [
  clusterLearner('Jelena Marković', 'Subotica', 'Adviser for social protection'),
  clusterLearner('Milan Stojanović', 'Niš', 'Head of the department for social affairs'),
  clusterLearner('Ivana Petrović', 'Novi Sad', 'Gender equality officer'),
  clusterLearner('Nikola Jovanović', 'Čačak', 'Local officer for youth'),
  clusterLearner('Emir Hodžić', 'Novi Pazar', 'Secretary of the council for interethnic relations'),
  clusterLearner('Arben Ramadani', 'Bujanovac', 'Local officer for minority rights'),
  clusterLearner('Marija Nikolić', 'Pirot', 'Adviser for local economic development'),
  clusterLearner('Erika Tóth', 'Kanjiža', 'Officer for education and culture'),
  clusterLearner('Stefan Đorđević', 'Vranje', 'Coordinator for Roma issues'),
  clusterLearner('Snežana Pavlović', 'Zrenjanin', 'Head of the civil registry office'),
]

/** Two more applicants to the cluster's call who do not get a place: wait-listed and rejected. */
const otherApplicants: DemoUser[] = [
  clusterLearner('Maja Kovačević', 'Kraljevo', 'Officer for social protection'),
  clusterLearner('Dragan Ilić', 'Leskovac', 'Local officer for human rights'),
]

// `--users-only`: the four people above and nothing else (tests that start from them use it).
const usersOnly = process.argv.includes('--users-only')

try {
  const config = loadConfig()
  const shared = process.env.DEMO_PASSWORD || undefined
  if (shared !== undefined && shared.length < 12)
    throw new ConfigError('DEMO_PASSWORD must be at least 12 characters long')
  const database = await createDb(dbTargetFromConfig(config))
  try {
    await migrateToLatest(database.db)
    await loadReferenceOrganisations(database.db)
    // The cluster offers courses: imported first, as `npm start` does (unchanged ones are kept).
    if (!usersOnly) await importCourseFolders(database.db, config.COURSES_DIR)
    const created: { email: string; role: Role; password: string }[] = []
    const people = new Map<string, Person>()
    for (const demo of usersOnly
      ? demoUsers
      : [...demoUsers, ...clusterLearners, ...otherApplicants]) {
      const existing = await findUserByEmail(database.db, demo.email)
      if (existing) {
        people.set(demo.email, {
          id: existing.id,
          email: demo.email,
          roles: [demo.role],
          associationId: existing.associationId,
          position: demo.position,
        })
        continue
      }
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
            ...(demo.preferredLanguage ? { preferredLanguage: demo.preferredLanguage } : {}),
            passwordHash: await hashPassword(password),
            emailVerifiedAt: sql<Date>`now()`,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await replaceRoles(trx, id, [demo.role])
        people.set(demo.email, {
          id,
          email: demo.email,
          roles: [demo.role],
          associationId: association?.id ?? null,
          position: demo.position,
        })
      })
      created.push({ email: demo.email, role: demo.role, password })
    }
    // The passwords first: they are shown only once, even if the cluster cannot be made.
    if (created.length > 0) {
      console.log(
        `Created ${created.length} demo user(s)${shared ? ' with DEMO_PASSWORD' : '; note the passwords, they are shown only now'}:`,
      )
      for (const user of created)
        console.log(
          `  ${user.role.padEnd(12)} ${user.email.padEnd(28)} ${shared ? '(DEMO_PASSWORD)' : user.password}`,
        )
    }
    const person = (email: string) => people.get(email)!
    const cluster = usersOnly
      ? undefined
      : await seedDemoCluster(
          database.db,
          {
            admin: person('admin@demo.local'),
            coordinator: person('coordinator@demo.local'),
            trainer: person('trainer@demo.local'),
            learners: [
              person('learner@demo.local'),
              ...clusterLearners.map((d) => person(d.email)),
            ],
            others: otherApplicants.map((d) => person(d.email)),
          },
          publicOrigin(config),
        ).catch((error: unknown) => {
          if (error instanceof Problem)
            throw new ConfigError(
              `The demo cluster was not created: ${error.detail ?? error.title} ${JSON.stringify(error.extensions.errors ?? [])} (its courses are imported from COURSES_DIR=${config.COURSES_DIR})`,
            )
          throw error
        })
    if (cluster) console.log(cluster)
    // Issue 14's peer exchange in the cluster's Diversity Management course: sessions, attendance,
    // good practices and evaluations (once, while the cluster has no session of that course).
    const peerExchange = usersOnly
      ? undefined
      : await seedDemoPeerExchange(
          database.db,
          {
            trainer: person('trainer@demo.local'),
            coordinator: person('coordinator@demo.local'),
            learners: [
              person('learner@demo.local'),
              ...clusterLearners.map((d) => person(d.email)),
            ],
          },
          { origin: publicOrigin(config), mailFrom: config.MAIL_FROM },
        ).catch((error: unknown) => {
          if (error instanceof Problem)
            throw new ConfigError(
              `The demo peer exchange was not created: ${error.detail ?? error.title} ${JSON.stringify(error.extensions.errors ?? [])}`,
            )
          throw error
        })
    if (peerExchange) console.log(peerExchange)
    // Issue 15: the demo learner completes Minority Commissioner, and every completed enrolment
    // gets its certificate (once; the same sweep the server runs).
    const certificates = usersOnly
      ? undefined
      : await seedDemoCertificates(database.db, person('learner@demo.local'), {
          platformIssuer: config.CERTIFICATE_ISSUER_NAME,
          // The key the server will open the signing key with (main.ts reads it the same way).
          credentials: credentialSettings({
            ...config,
            CREDENTIAL_KEY: config.CREDENTIAL_KEY ?? localCredentialKey(config.AGORA_DATA_DIR),
          }),
        })
    if (certificates) console.log(certificates)
    if (!cluster && !peerExchange && !certificates && created.length === 0)
      console.log(
        usersOnly
          ? 'Demo users exist already; nothing changed.'
          : 'Demo users and the demo cluster exist already; nothing changed.',
      )
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
