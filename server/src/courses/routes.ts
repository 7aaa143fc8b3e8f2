import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { ProblemSchema } from '../http/problem.ts'
import { SlugSchema } from '../http/schemas.ts'
import { CoursePageSchema, CourseQuery, CourseSummarySchema, ListCoursesQuery } from './schemas.ts'
import { describePublishedCourse, listCatalogue } from './service.ts'

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

  app.get(
    '/courses/:slug',
    {
      schema: {
        tags: ['courses'],
        summary:
          'A published course as anyone may read it before enrolling: summary, audience, outcomes, hours and its steps with their minutes (no text, no questions)',
        params: Type.Object({ slug: SlugSchema }),
        querystring: CourseQuery,
        response: { 200: CourseSummarySchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    (request) => describePublishedCourse(app.db, request.params.slug, request.query.lang),
  )
}
