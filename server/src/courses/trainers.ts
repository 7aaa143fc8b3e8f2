import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { ProblemSchema } from '../http/problem.ts'
import { SlugSchema, UuidSchema } from '../http/schemas.ts'
import { assignTrainer, listTrainers, removeTrainer } from './teaching.ts'

const Params = Type.Object({ slug: SlugSchema })
const AssignmentParams = Type.Object({ slug: SlugSchema, userId: UuidSchema })
const TrainerSchema = Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() })
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const security = [{ bearerAuth: [] }]

export const courseTrainerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/courses/:slug/trainers',
    {
      onRequest: requireRole('admin', 'trainer'),
      schema: {
        tags: ['courses'],
        summary: 'Trainers assigned to a course',
        security,
        params: Params,
        response: { 200: Type.Array(TrainerSchema), ...errors },
      },
    },
    (request) => listTrainers(contextOf(request), request.params.slug),
  )

  app.put(
    '/courses/:slug/trainers/:userId',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['courses'],
        summary: 'Assign a trainer to a course',
        security,
        params: AssignmentParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await assignTrainer(contextOf(request), request.params.slug, request.params.userId)
      return reply.code(204).send(null)
    },
  )

  app.delete(
    '/courses/:slug/trainers/:userId',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['courses'],
        summary: 'Remove a trainer from a course',
        security,
        params: AssignmentParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await removeTrainer(contextOf(request), request.params.slug, request.params.userId)
      return reply.code(204).send(null)
    },
  )
}
