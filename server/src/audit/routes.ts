import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { requireRole } from '../http/auth.ts'
import { PageQuerySchema, PageSchema } from '../http/pagination.ts'
import { ProblemSchema } from '../http/problem.ts'
import { UserText } from '../http/schemas.ts'
import { AuditEventSchema } from './schemas.ts'
import { auditActions, listAudit } from './service.ts'

const ListAuditQuery = Type.Object(
  {
    ...PageQuerySchema.properties,
    action: Type.Optional(Type.Enum([...auditActions])),
    actor: Type.Optional(UserText({ maxLength: 254 })),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
)

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit-events',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['audit'],
        summary:
          'The audit log, newest first; filter by action, actor e-mail and dates (UTC, inclusive)',
        security: [{ bearerAuth: [] }],
        querystring: ListAuditQuery,
        response: {
          200: PageSchema(AuditEventSchema),
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    (request) => listAudit(app.db, request.query),
  )
}
