import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { PageQuerySchema, PageSchema } from '../http/pagination.ts'
import { ProblemSchema } from '../http/problem.ts'
import { erasePersonalData, type PersonalDataHolder } from './personal-data.ts'
import { RolesSchema, RoleSchema, UserText, UuidSchema } from '../http/schemas.ts'
import { UserSchema } from './schemas.ts'
import { getUser, listUsers, setRoles } from './users-service.ts'

const IdParams = Type.Object({ id: UuidSchema })
const denied = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema }
const security = [{ bearerAuth: [] }]

export const userRoutes: FastifyPluginAsyncTypebox<{
  personalData: readonly PersonalDataHolder[]
}> = async (app, { personalData }) => {
  app.get(
    '/users',
    {
      onRequest: requireRole('admin', 'coordinator'),
      schema: {
        tags: ['users'],
        summary: 'Search users (coordinators: their association only)',
        security,
        querystring: Type.Object(
          {
            ...PageQuerySchema.properties,
            q: Type.Optional(UserText({ maxLength: 200 })),
            role: Type.Optional(RoleSchema),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageSchema(UserSchema), ...denied },
      },
    },
    (request) => listUsers(contextOf(request), request.query),
  )

  app.get(
    '/users/:id',
    {
      onRequest: requireRole('admin', 'coordinator'),
      schema: {
        tags: ['users'],
        summary: 'One user',
        security,
        params: IdParams,
        response: { 200: UserSchema, ...denied, 404: ProblemSchema },
      },
    },
    (request) => getUser(contextOf(request), request.params.id),
  )

  app.put(
    '/users/:id/roles',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['users'],
        summary: "Replace a user's roles",
        security,
        params: IdParams,
        body: Type.Object({ roles: RolesSchema }, { additionalProperties: false }),
        response: { 200: UserSchema, ...denied, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    (request) => setRoles(contextOf(request), request.params.id, request.body.roles),
  )

  app.delete(
    '/users/:id/personal-data',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['users'],
        summary:
          "Erase a person's personal data (the anonymised account stays for records and certificates)",
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...denied, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      await erasePersonalData(contextOf(request), request.params.id, personalData)
      return reply.code(204).send(null)
    },
  )
}
