import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { learnerView, parseGift } from '../course-format/gift/index.ts'
import { renderModule } from '../course-format/markdown/index.ts'
import { requireRole } from '../http/auth.ts'
import { ProblemSchema } from '../http/problem.ts'
import { UserText } from '../http/schemas.ts'
import { ModulePreviewSchema } from './schemas.ts'

/** What the authoring studio shows beside the editor: the learner's rendering, each question with its key, every problem. */
export const modulePreviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/module-previews',
    {
      onRequest: requireRole('trainer', 'admin'),
      schema: {
        tags: ['courses'],
        summary:
          'Render a module as learners will see it, with its quiz and every problem (file lines)',
        security: [{ bearerAuth: [] }],
        body: Type.Object(
          { markdown: UserText({ maxLength: 500_000 }) },
          { additionalProperties: false },
        ),
        response: {
          200: ModulePreviewSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request) => {
      const module = renderModule(request.body.markdown)
      const problems = [...module.problems]
      const questions = module.quizzes.flatMap((quiz) => {
        const gift = parseGift(quiz.source, { lineOffset: quiz.line - 1 })
        problems.push(...gift.problems)
        return gift.questions.map((question) => ({ question, learnerView: learnerView(question) }))
      })
      problems.sort((a, b) => a.line - b.line || a.column - b.column)
      return {
        frontMatter: module.frontMatter,
        html: module.html,
        toc: module.toc,
        questions,
        problems,
      }
    },
  )
}
