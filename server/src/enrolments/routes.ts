import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyReply } from 'fastify'
import Type from 'typebox'
import { StepBodySchema } from '../courses/service.ts'
import { actorOf, requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { ProblemSchema } from '../http/problem.ts'
import { IdempotencyHeaders, LanguageTagSchema, SlugSchema, UuidSchema } from '../http/schemas.ts'
import {
  ChangeEnrolmentBody,
  CourseEnrolmentPageSchema,
  EnrolBody,
  EnrolmentDetailSchema,
  EnrolmentListSchema,
  EnrolmentSchema,
  EventBody,
  ListCourseEnrolmentsQuery,
  ProgressionEventListSchema,
  ReadingPositionBody,
  WithdrawBody,
} from './schemas.ts'
import {
  type CertificateLookup,
  changeLanguage,
  enrol,
  forgetReadingAccess,
  getEnrolmentDetail,
  listCourseEnrolments,
  listEvents,
  listMyEnrolments,
  type ReadyDocument,
  readStep,
  saveReadingPosition,
  sendEvent,
  withdraw,
} from './service.ts'

const security = [{ bearerAuth: [] }]
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const Params = Type.Object({ id: UuidSchema })

export interface EnrolmentRouteOptions {
  /** Certificates' lookup for completed enrolments (app.ts hands it over; see CertificateLookup). */
  certificatesOf?: CertificateLookup
}

export const enrolmentRoutes: FastifyPluginAsyncTypebox<EnrolmentRouteOptions> = async (
  app,
  options,
) => {
  app.progressionBus.subscribe((transition) => forgetReadingAccess(transition.enrolmentId))

  app.post(
    '/enrolments',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['learning'],
        summary:
          'Enrol yourself in a published course (pinned to its current version); returns the live enrolment if there is one',
        security,
        body: EnrolBody,
        response: { 200: EnrolmentSchema, 201: EnrolmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { created, enrolment } = await enrol(contextOf(request), request.body)
      return reply.code(created ? 201 : 200).send(enrolment)
    },
  )

  app.get(
    '/enrolments',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['learning'],
        summary:
          'My enrolments, newest first (withdrawn ones left out, completed ones kept with their certificate); ?course= narrows to one course',
        security,
        querystring: Type.Object(
          { course: Type.Optional(SlugSchema) },
          { additionalProperties: false },
        ),
        response: { 200: EnrolmentListSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) => ({
      items: await listMyEnrolments(
        contextOf(request),
        request.query.course,
        options.certificatesOf,
      ),
    }),
  )

  app.get(
    '/enrolments/:id',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['learning'],
        summary: 'An enrolment with its learner, progress and version',
        security,
        params: Params,
        response: { 200: EnrolmentDetailSchema, ...errors },
      },
    },
    (request) => getEnrolmentDetail(contextOf(request), request.params.id),
  )

  app.get(
    '/courses/:slug/enrolments',
    {
      onRequest: requireRole('admin', 'trainer'),
      schema: {
        tags: ['learning'],
        summary:
          "A course's enrolments with where each learner stands, by learner name (trainers of the course and admins)",
        security,
        params: Type.Object({ slug: SlugSchema }),
        querystring: ListCourseEnrolmentsQuery,
        response: { 200: CourseEnrolmentPageSchema, ...errors },
      },
    },
    (request) => listCourseEnrolments(contextOf(request), request.params.slug, request.query),
  )

  app.patch(
    '/enrolments/:id',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['learning'],
        summary: 'Switch the language of an enrolment; progress is kept',
        security,
        params: Params,
        body: ChangeEnrolmentBody,
        response: { 200: EnrolmentSchema, ...errors },
      },
    },
    (request) => changeLanguage(contextOf(request), request.params.id, request.body.language),
  )

  app.post(
    '/enrolments/:id/withdrawal',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['learning'],
        summary:
          'Withdraw from a course with a reason (the learner, or a coordinator or admin for them)',
        security,
        params: Params,
        body: WithdrawBody,
        response: { 200: EnrolmentSchema, 409: ProblemSchema, ...errors },
      },
    },
    (request) => withdraw(contextOf(request), request.params.id, request.body.reason),
  )

  app.post(
    '/enrolments/:id/events',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['learning'],
        summary:
          'Send a progression event; the server checks it against the course machine (409 when stale or not allowed)',
        security,
        params: Params,
        headers: IdempotencyHeaders,
        body: EventBody,
        response: { 200: EnrolmentSchema, 409: ProblemSchema, 422: ProblemSchema, ...errors },
      },
    },
    async (request, reply) => {
      const outcome = await sendEvent(
        contextOf(request),
        app.progressionBus,
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
      )
      if (outcome.replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(outcome.status).send(outcome.body)
    },
  )

  app.get(
    '/enrolments/:id/events',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['learning'],
        summary: 'The append-only event log of an enrolment',
        security,
        params: Params,
        response: { 200: ProgressionEventListSchema, ...errors },
      },
    },
    async (request) => ({ items: await listEvents(contextOf(request), request.params.id) }),
  )

  app.put(
    '/enrolments/:id/reading-positions/:step',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['learning'],
        summary: 'Remember where the learner is in a module (a heading id)',
        security,
        params: Type.Object({ id: UuidSchema, step: SlugSchema }),
        body: ReadingPositionBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await saveReadingPosition(
        contextOf(request),
        request.params.id,
        request.params.step,
        request.body.anchor,
      )
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/enrolments/:id/steps/:step',
    {
      onRequest: requireRole(),
      schema: {
        tags: ['learning'],
        summary:
          'A module or survey of the pinned version, rendered (no answer keys); ETag for revalidation',
        security,
        params: Type.Object({ id: UuidSchema, step: SlugSchema }),
        querystring: Type.Object(
          { lang: Type.Optional(LanguageTagSchema) },
          { additionalProperties: false },
        ),
        response: { 200: StepBodySchema, 304: Type.Null(), 409: ProblemSchema, ...errors },
      },
    },
    (request, reply) => {
      // Not an async handler: a cached read is answered without a single await.
      const document = readStep(
        app.db,
        actorOf(request),
        request.params.id,
        request.params.step,
        request.query.lang,
      )
      if (!(document instanceof Promise)) return void sendDocument(request.headers, reply, document)
      return document.then(async (ready) => {
        sendDocument(request.headers, reply, ready)
        // The reply is a thenable that settles once sent, so Fastify never sends a second answer.
        await reply
      })
    },
  )
}

function sendDocument(
  headers: IncomingHttpHeaders,
  reply: FastifyReply,
  document: ReadyDocument,
): void {
  reply
    .header('etag', document.etag)
    .header('cache-control', 'private, no-cache')
    .header('vary', 'authorization, cookie, accept-encoding')
  // No body at all: a 304 with a length would leave keep-alive clients waiting for bytes.
  if (headers['if-none-match'] === document.etag) return void reply.code(304).send()
  const accepted = headers['accept-encoding'] ?? ''
  const [encoding, body] = /\bbr\b/.test(accepted)
    ? ['br', document.brotli]
    : /\bgzip\b/.test(accepted)
      ? ['gzip', document.gzip]
      : [null, document.json]
  if (encoding) reply.header('content-encoding', encoding)
  reply.type('application/json; charset=utf-8').header('content-length', body.length).send(body)
}
