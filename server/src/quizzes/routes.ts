import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { ProblemSchema } from '../http/problem.ts'
import { IdempotencyHeaders, UuidSchema } from '../http/schemas.ts'
import {
  AttemptReviewListSchema,
  AttemptSchema,
  SaveAnswersBody,
  StartAttemptBody,
  SubmitBody,
  SubmittedAttemptSchema,
} from './schemas.ts'
import { getAttempt, listAttempts, saveAnswers, startAttempt, submitAttempt } from './service.ts'

const security = [{ bearerAuth: [] }]
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const Params = Type.Object({ id: UuidSchema })

export const quizRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/enrolments/:id/attempts',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['quizzes'],
        summary:
          "Start the current module's quiz (or resume the open attempt); after a failed attempt this is the retry",
        security,
        params: Params,
        body: StartAttemptBody,
        response: { 200: AttemptSchema, 201: AttemptSchema, 409: ProblemSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { created, attempt } = await startAttempt(
        contextOf(request),
        app.progressionBus,
        request.params.id,
        request.body.step,
      )
      return reply.code(created ? 201 : 200).send(attempt)
    },
  )

  app.get(
    '/enrolments/:id/attempts',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['quizzes'],
        summary:
          'Attempts of an enrolment; trainers of the course and admins also get every answer and its grading',
        security,
        params: Params,
        response: { 200: AttemptReviewListSchema, ...errors },
      },
    },
    async (request) => ({ items: await listAttempts(contextOf(request), request.params.id) }),
  )

  app.get(
    '/attempts/:id',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['quizzes'],
        summary: 'Your attempt: questions in its order, saved answers, and the result once graded',
        security,
        params: Params,
        response: { 200: AttemptSchema, ...errors },
      },
    },
    (request) => getAttempt(contextOf(request), request.params.id),
  )

  app.put(
    '/attempts/:id/answers',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['quizzes'],
        summary: 'Save answers as you go (replaces the saved set)',
        security,
        params: Params,
        body: SaveAnswersBody,
        response: { 200: AttemptSchema, 409: ProblemSchema, ...errors },
      },
    },
    (request) => saveAnswers(contextOf(request), request.params.id, request.body.answers),
  )

  app.post(
    '/attempts/:id/submit',
    {
      onRequest: requireRole(),
      // An empty POST submits the saved answers.
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: {
        tags: ['quizzes'],
        summary: 'Submit for grading on the server; moves the progression in the same transaction',
        security,
        params: Params,
        headers: IdempotencyHeaders,
        body: SubmitBody,
        response: {
          200: SubmittedAttemptSchema,
          409: ProblemSchema,
          422: ProblemSchema,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const outcome = await submitAttempt(
        contextOf(request),
        app.progressionBus,
        request.params.id,
        request.body.answers,
        request.headers['idempotency-key'],
      )
      if (outcome.replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(outcome.status).send(outcome.body)
    },
  )
}
