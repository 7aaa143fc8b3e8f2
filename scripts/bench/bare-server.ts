// The baselines every bench figure is compared with, in a process of their own: a bare Fastify
// JSON route and, when DATABASE_URL is given, a bare route with one INSERT through pg (the scale
// DESIGN.md gives for writes). No hooks, no auth, no validation.
import Fastify from 'fastify'
import pg from 'pg'

const app = Fastify({ logger: false })
app.get('/', async () => ({ hello: 'world' }))

const url = process.env.DATABASE_URL
const pool = url ? new pg.Pool({ connectionString: url, max: 10 }) : undefined
if (pool) {
  await pool.query(
    'create table if not exists bench_bare_inserts (id bigserial primary key, body jsonb not null, at timestamptz not null default now())',
  )
  app.post('/insert', async (request) => {
    const { rows } = await pool.query(
      'insert into bench_bare_inserts (body) values ($1) returning id',
      [request.body],
    )
    return { id: rows[0].id }
  })
}

await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
console.log(
  `serving on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
)
process.on('SIGTERM', () =>
  app
    .close()
    .then(() => pool?.end())
    .then(() => process.exit(0)),
)
