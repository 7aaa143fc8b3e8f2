import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import Type from 'typebox'
import { requireRole } from '../http/auth.ts'
import { PageQuerySchema, PageSchema } from '../http/pagination.ts'
import { ProblemSchema } from '../http/problem.ts'
import { auditActions } from './service.ts'

const AuditEventSchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  actor: Type.Union([Type.Object({ id: Type.String(), email: Type.String() }), Type.Null()]),
  subject: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  details: Type.Object({}, { additionalProperties: true }),
})

const ListAuditQuery = Type.Object(
  {
    ...PageQuerySchema.properties,
    action: Type.Optional(Type.Enum([...auditActions])),
    actor: Type.Optional(Type.String({ maxLength: 254 })),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
)

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit-events',
    {
      preHandler: requireRole('admin'),
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
    async (request) => {
      const { action, actor, from, to, limit, offset } = request.query
      let select = app.db
        .selectFrom('auditEvents as e')
        .leftJoin('users as u', 'u.id', 'e.actorId')
        .select([
          'e.id',
          'e.at',
          'e.action',
          'e.subject',
          'e.ip',
          'e.details',
          'u.id as actorId',
          'u.email as actorEmail',
          sql<number>`count(*) over ()`.as('total'),
        ])
      if (action) select = select.where('e.action', '=', action)
      if (actor)
        select = select.where(
          'u.email',
          'ilike',
          `%${actor.replace(/[\\%_]/g, (char) => `\\${char}`)}%`,
        )
      if (from) select = select.where('e.at', '>=', new Date(`${from}T00:00:00Z`))
      if (to)
        select = select.where(
          'e.at',
          '<',
          new Date(new Date(`${to}T00:00:00Z`).getTime() + 24 * 60 * 60 * 1000),
        )
      const rows = await select
        .orderBy('e.at', 'desc')
        .orderBy('e.id')
        .limit(limit)
        .offset(offset)
        .execute()
      return {
        items: rows.map((row) => ({
          id: row.id,
          at: new Date(row.at).toISOString(),
          action: row.action,
          actor: row.actorId ? { id: row.actorId, email: row.actorEmail! } : null,
          subject: row.subject,
          ip: row.ip,
          details: row.details,
        })),
        total: rows[0] ? Number(rows[0].total) : 0,
        limit,
        offset,
      }
    },
  )
}
