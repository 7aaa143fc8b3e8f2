// `node --import tsx scripts/bench/profile.ts <route>`: one route of the bench under a CPU profile
// (written to ./profiles), to see where the time goes. Routes: static (one learner's module read), read, submit, event, page.
import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import autocannon from 'autocannon'
import { createDb } from '../../server/src/db/create-db.ts'
import { serverStorage } from '../../test/support/server-process.ts'
import { seedLearners } from './seed.ts'
import { accessToken } from './token.ts'

const route = process.argv[2] ?? 'read'
const port = 38000 + Math.floor(Math.random() * 1000)
const secret = randomBytes(48).toString('base64url')
const storage = await serverStorage()
const child = spawn(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir=profiles', '--import', 'tsx', 'server/src/main.ts'],
  {
    env: {
      ...process.env,
      ...storage.env,
      COURSES_DIR: 'courses',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: secret,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
)
await new Promise<void>((resolve) =>
  child.stdout!.on('data', (chunk) => String(chunk).includes('serving on') && resolve()),
)
const seedDb = await createDb(storage.target)
const seeded = await seedLearners(seedDb.db, 10_000)
await seedDb.close()
const tokens = new Map(
  [...seeded.readers, ...seeded.takers].map((learner) => [
    learner.userId,
    accessToken(secret, learner.userId),
  ]),
)
let next = 0
const first = seeded.readers[0]!
const result = await autocannon(
  route === 'static'
    ? {
        url: `http://127.0.0.1:${port}/api/v1/enrolments/${first.enrolmentId}/steps/${seeded.step}`,
        connections: 50,
        duration: 8,
        headers: { authorization: `Bearer ${tokens.get(first.userId)}`, 'accept-encoding': 'br' },
      }
    : ({
        url: `http://127.0.0.1:${port}`,
        connections: 50,
        duration: 8,
        requests: [
          {
            setupRequest: (request: Record<string, unknown>) => {
              const reader = seeded.readers[next % 1000]!
              if (route === 'read')
                return {
                  ...request,
                  path: `/api/v1/enrolments/${reader.enrolmentId}/steps/${seeded.step}`,
                  headers: {
                    authorization: `Bearer ${tokens.get(reader.userId)}`,
                    'accept-encoding': 'br',
                  },
                }
              if (route === 'page')
                return {
                  ...request,
                  path: `/learn/diversity-management/${seeded.step}`,
                  headers: { cookie: `agora_access=${tokens.get(reader.userId)}` },
                }
              if (route === 'event') {
                const learner = seeded.readers[1000 + next++]!
                return {
                  ...request,
                  method: 'POST',
                  path: `/api/v1/enrolments/${learner.enrolmentId}/events`,
                  headers: {
                    authorization: `Bearer ${tokens.get(learner.userId)}`,
                    'content-type': 'application/json',
                    'idempotency-key': randomUUID(),
                  },
                  body: JSON.stringify({
                    type: 'module.read',
                    step: seeded.step,
                    expectedVersion: 0,
                  }),
                }
              }
              const taker = seeded.takers[next++]!
              return {
                ...request,
                method: 'POST',
                path: `/api/v1/attempts/${taker.attemptId}/submit`,
                headers: {
                  authorization: `Bearer ${tokens.get(taker.userId)}`,
                  'content-type': 'application/json',
                  'idempotency-key': randomUUID(),
                },
                body: JSON.stringify({ answers: seeded.answers }),
              }
            },
          },
        ],
      } as unknown as autocannon.Options),
)
console.log(
  `${route}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`,
)
child.kill('SIGINT')
await new Promise((resolve) => child.on('exit', resolve))
await storage.drop()
