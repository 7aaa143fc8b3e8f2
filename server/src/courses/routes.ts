import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ProblemSchema } from '../http/problem.ts'
import { CoursePageSchema, ListCoursesQuery } from './schemas.ts'
import { listCatalogue } from './service.ts'

export const courseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/courses',
    {
      schema: {
        tags: ['courses'],
        summary: 'The public catalogue of published courses',
        querystring: ListCoursesQuery,
        response: { 200: CoursePageSchema, 400: ProblemSchema },
      },
    },
    (request) => listCatalogue(app.db, request.query),
  )
}
