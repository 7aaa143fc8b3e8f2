import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { learnerView, parseGift } from '../course-format/gift/index.ts'
import { renderModule } from '../course-format/markdown/index.ts'
import { requireRole } from '../http/auth.ts'
import { ProblemSchema } from '../http/problem.ts'

const ProblemLineSchema = Type.Object({ line: Type.Integer(), column: Type.Integer(), message: Type.String() })
const AnyObject = Type.Object({}, { additionalProperties: true })

const PreviewSchema = Type.Object({
  frontMatter: Type.Union([
    Type.Object({ title: Type.String(), minutes: Type.Integer(), objectives: Type.Array(Type.String()) }),
    Type.Null(),
  ]),
  html: Type.String(),
  toc: Type.Array(Type.Object({ level: Type.Integer(), id: Type.String(), text: Type.String() })),
  questions: Type.Array(Type.Object({ question: AnyObject, learnerView: AnyObject })),
  problems: Type.Array(ProblemLineSchema),
})

/** What the authoring studio shows beside the editor: the learner's rendering, each question with its key, every problem. */
export const modulePreviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/module-previews', {
    preHandler: requireRole('trainer', 'admin'),
    schema: {
      tags: ['courses'],
      summary: 'Render a module as learners will see it, with its quiz and every problem (file lines)',
      security: [{ bearerAuth: [] }],
      body: Type.Object({ markdown: Type.String({ maxLength: 500_000 }) }, { additionalProperties: false }),
      response: { 200: PreviewSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
    },
  }, async (request) => {
    const module = renderModule(request.body.markdown)
    const problems = [...module.problems]
    const questions = module.quizzes.flatMap((quiz) => {
      const gift = parseGift(quiz.source, { lineOffset: quiz.line - 1 })
      problems.push(...gift.problems)
      return gift.questions.map((question) => ({ question, learnerView: learnerView(question) }))
    })
    problems.sort((a, b) => a.line - b.line || a.column - b.column)
    return { frontMatter: module.frontMatter, html: module.html, toc: module.toc, questions, problems }
  })
}
