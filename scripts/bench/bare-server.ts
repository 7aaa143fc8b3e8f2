// The baseline every bench figure is compared with: a bare Fastify JSON route in its own process.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/', async () => ({ hello: 'world' }))
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
console.log(`serving on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
