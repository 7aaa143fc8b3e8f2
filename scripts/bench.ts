// `npm run bench`: autocannon against the real server (PostgreSQL when DATABASE_URL is set, else
// the embedded PGlite) and, in the same run, a bare Fastify route, so figures are read as ratios
// on this shared machine. Tune with BENCH_SECONDS and BENCH_CONNECTIONS.
import autocannon from 'autocannon'
import { createDb } from '../server/src/db/create-db.ts'
import { migrateToLatest } from '../server/src/db/migrate.ts'
import { runScript, serverStorage, startServer } from '../test/support/server-process.ts'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)

interface Figure {
  name: string
  requestsPerSecond: number
  p99: number
  errors: number
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Figure> {
  // A short warm-up first so JIT and caches do not count against the route.
  await autocannon({ url, connections, duration: 2, headers })
  const result = await autocannon({ url, connections, duration: seconds, headers })
  return { name, requestsPerSecond: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx }
}

async function startBare(): Promise<{ url: string; stop(): void }> {
  const { child } = runScript('scripts/bench/bare-server.ts', {})
  const url = await new Promise<string>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /serving on (\S+)/.exec(String(chunk))
      if (match) resolve(match[1]!)
    })
  })
  return { url, stop: () => child.kill('SIGTERM') }
}

const storage = await serverStorage()
const seed = await createDb(storage.target)
await migrateToLatest(seed.db)
await seed.db
  .insertInto('courses')
  .values(
    ['human-rights-lnob', 'minority-commissioner', 'social-dialogue-forum', 'diversity-management'].map((slug) => ({
      slug,
      title: JSON.stringify({ en: slug, 'sr-Latn': slug }),
      languages: ['en', 'sr-Latn'],
      publishedAt: new Date(),
    })),
  )
  .execute()
await seed.close()

const bare = await startBare()
const server = await startServer({ ...storage.env, LOG_LEVEL: 'warn' })
const figures: Figure[] = []
try {
  figures.push(await measure('bare Fastify JSON route (baseline)', bare.url + '/'))
  figures.push(await measure('GET /api/v1/health (migration status query)', server.url + '/api/v1/health'))
  figures.push(await measure('GET /api/v1/courses (catalogue page)', server.url + '/api/v1/courses?lang=sr-Latn'))
  figures.push(await measure('GET / (home page, SSR + in-process API call)', server.url + '/'))
} finally {
  bare.stop()
  await server.stop()
  await storage.drop()
}

const baseline = figures[0]!.requestsPerSecond
console.log(`\nAgora bench: ${connections} connections, ${seconds} s per route, database ${storage.target.kind}\n`)
console.log('| route | req/s | vs bare | p99 ms | errors |')
console.log('| --- | ---: | ---: | ---: | ---: |')
for (const figure of figures) {
  const ratio = `${((figure.requestsPerSecond / baseline) * 100).toFixed(1)}%`
  console.log(`| ${figure.name} | ${Math.round(figure.requestsPerSecond)} | ${ratio} | ${figure.p99} | ${figure.errors} |`)
}
if (figures.some((figure) => figure.errors > 0)) process.exitCode = 1
