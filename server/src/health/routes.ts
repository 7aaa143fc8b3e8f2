import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { DbKind } from '../db/create-db.ts'
import { databaseRetryAfterSeconds } from '../http/error-handler.ts'
import { HealthSchema } from './schemas.ts'
import { checkHealth } from './service.ts'

export const healthRoutes: FastifyPluginAsyncTypebox<{ dbKind: DbKind }> = async (
  app,
  { dbKind },
) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and readiness: database reachable, migrations applied',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const health = await checkHealth(app.db, dbKind)
      if (health.status !== 'unavailable') return reply.code(200).send(health)
      return reply.code(503).header('retry-after', databaseRetryAfterSeconds).send(health)
    },
  )
}
