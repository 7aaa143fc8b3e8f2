import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import { learnerView, parseGift } from '../course-format/gift/index.ts'
import { renderModule } from '../course-format/markdown/index.ts'
import { actorOf, requireRole } from '../http/auth.ts'
import { ProblemSchema } from '../http/problem.ts'
import { ModuleMarkdownSchema, ModulePreviewSchema } from './schemas.ts'

// The studio asks after each pause in typing; a preview costs up to a few hundred milliseconds of
// CPU, so each person (not each address: trainers may share an office's) has 60 a minute.
const previewRateLimit = {
  max: 60,
  timeWindow: 60_000,
  keyGenerator: (request: FastifyRequest) => `user:${actorOf(request).id}`,
}

/** What the authoring studio shows beside the editor: the learner's rendering, each question with its key, every problem. */
export const modulePreviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/module-previews',
    {
      onRequest: requireRole('trainer', 'admin'),
      config: { rateLimit: previewRateLimit },
      schema: {
        tags: ['courses'],
        summary:
          'Render a module as learners will see it, with its quiz and every problem (file lines)',
        security: [{ bearerAuth: [] }],
        body: Type.Object({ markdown: ModuleMarkdownSchema }, { additionalProperties: false }),
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
