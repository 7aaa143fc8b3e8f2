import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { learnerView, type Question } from '../course-format/gift/index.ts'
import { requireRole } from '../http/auth.ts'
import { Problem, ProblemSchema } from '../http/problem.ts'
import { SlugSchema } from '../organisations/schemas.ts'
import { localise } from './service.ts'
import { LanguageTagSchema } from './schemas.ts'

const ModuleSchema = Type.Object({
  course: Type.Object({ slug: Type.String(), title: Type.String(), version: Type.Integer() }),
  step: Type.String(),
  language: Type.String(),
  title: Type.String(),
  minutes: Type.Integer(),
  objectives: Type.Array(Type.String()),
  html: Type.String(),
  toc: Type.Array(Type.Object({ level: Type.Integer(), id: Type.String(), text: Type.String() })),
  questions: Type.Array(Type.Object({}, { additionalProperties: true, description: 'learner view: no answer keys, no feedback' })),
})

// The published version's text of one module, as learners read it. Enrolments (which version a
// learner is pinned to, what is unlocked) come with the progression engine; until then this shows
// the current version to any signed-in user.
export const moduleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/courses/:slug/modules/:step', {
    preHandler: requireRole(),
    schema: {
      tags: ['courses'],
      summary: 'A module of the published version, rendered, with its quiz as learners see it (no keys)',
      security: [{ bearerAuth: [] }],
      params: Type.Object({ slug: SlugSchema, step: SlugSchema }),
      querystring: Type.Object({ lang: Type.Optional(LanguageTagSchema) }, { additionalProperties: false }),
      response: { 200: ModuleSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
    },
  }, async (request) => {
    const { slug, step } = request.params
    const rows = await app.db
      .selectFrom('courses as c')
      .innerJoin('courseVersions as v', 'v.id', 'c.currentVersionId')
      .innerJoin('courseDocuments as d', 'd.versionId', 'v.id')
      .select(['c.title as courseTitle', 'v.number', 'd.language', 'd.title', 'd.minutes', 'd.objectives', 'd.html', 'd.toc', 'd.questions'])
      .where('c.slug', '=', slug)
      .where('d.step', '=', step)
      .where('d.kind', '=', 'module')
      .execute()
    const wanted = request.query.lang
    const row = rows.find((r) => r.language === wanted) ?? rows.find((r) => r.language === 'en') ?? rows[0]
    if (!row) throw Problem.notFound('No such module.')
    return {
      course: { slug, title: localise(row.courseTitle, row.language).title, version: row.number },
      step,
      language: row.language,
      title: row.title,
      minutes: row.minutes,
      objectives: row.objectives,
      html: row.html,
      toc: row.toc as { level: number; id: string; text: string }[],
      questions: (row.questions as Question[]).map((question) => learnerView(question) as unknown as Record<string, unknown>),
    }
  })
}
