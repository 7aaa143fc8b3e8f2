import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { learnerView } from '../course-format/gift/index.ts'
import { loadStepDocument, stepBody } from '../enrolments/course-versions.ts'
import { StepDocumentSchema } from '../enrolments/schemas.ts'
import { actorOf, requireRole } from '../http/auth.ts'
import { Problem, ProblemSchema } from '../http/problem.ts'
import { LanguageTagSchema, SlugSchema } from '../http/schemas.ts'
import { localise } from './service.ts'
import { assertCanTeach } from './trainers.ts'

const ModuleSchema = Type.Omit(StepDocumentSchema, ['kind'])

// The current published version of a module as learners will see it, for the course's trainers
// and admins. Learners read through their enrolment (GET /enrolments/:id/steps/:step), which keeps
// their pinned version and the course's locks.
export const moduleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/courses/:slug/modules/:step', {
    preHandler: requireRole('trainer', 'admin'),
    schema: {
      tags: ['courses'],
      summary: 'A module of the current published version as learners see it (trainers of the course, admins)',
      security: [{ bearerAuth: [] }],
      params: Type.Object({ slug: SlugSchema, step: SlugSchema }),
      querystring: Type.Object({ lang: Type.Optional(LanguageTagSchema) }, { additionalProperties: false }),
      response: { 200: ModuleSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request) => {
    const { slug, step } = request.params
    const course = await app.db.selectFrom('courses').select(['id', 'title', 'languages', 'currentVersionId']).where('slug', '=', slug).executeTakeFirst()
    if (!course?.currentVersionId) throw Problem.notFound('No such published course.')
    await assertCanTeach(app.db, actorOf(request), course.id)
    const version = await app.db.selectFrom('courseVersions').select('number').where('id', '=', course.currentVersionId).executeTakeFirstOrThrow()
    const wanted = request.query.lang && course.languages.includes(request.query.lang) ? request.query.lang : 'en'
    const document = (await loadStepDocument(app.db, course.currentVersionId, wanted, step)) ?? (await loadStepDocument(app.db, course.currentVersionId, course.languages[0]!, step))
    if (!document || document.kind !== 'module') throw Problem.notFound('No such module.')
    const title = localise(course.title, document.language, course.languages).title
    return stepBody({ slug, title, version: version.number }, document, document.questions.map(learnerView))
  })
}
