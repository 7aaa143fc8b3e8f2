import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { actorOf, requireRole } from '../http/auth.ts'
import { ProblemSchema } from '../http/problem.ts'
import { LanguageTagSchema, SlugSchema } from '../http/schemas.ts'
import { StepBodySchema } from './schemas.ts'
import { previewPublishedModule } from './service.ts'

const ModuleSchema = Type.Omit(StepBodySchema, ['kind'])

// The current published version of a module as learners will see it, for the course's trainers
// and admins. Learners read through their enrolment (GET /enrolments/:id/steps/:step), which keeps
// their pinned version and the course's locks.
export const moduleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/courses/:slug/modules/:step',
    {
      onRequest: requireRole('trainer', 'admin'),
      schema: {
        tags: ['courses'],
        summary:
          'A module of the current published version as learners see it (trainers of the course, admins)',
        security: [{ bearerAuth: [] }],
        params: Type.Object({ slug: SlugSchema, step: SlugSchema }),
        querystring: Type.Object(
          { lang: Type.Optional(LanguageTagSchema) },
          { additionalProperties: false },
        ),
        response: {
          200: ModuleSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    (request) =>
      previewPublishedModule(
        app.db,
        actorOf(request),
        request.params.slug,
        request.params.step,
        request.query.lang,
      ),
  )
}
