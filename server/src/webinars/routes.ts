import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { publicOrigin } from '../config.ts'
import { requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { ProblemSchema } from '../http/problem.ts'
import { IdempotencyHeaders } from '../http/schemas.ts'
import type { CalendarSettings } from './calendar.ts'
import {
  CalendarFeedCreatedSchema,
  CalendarFeedStateSchema,
  CancelRegistrationQuery,
  CancelWebinarBody,
  CourseWebinarParams,
  CreateWebinarBody,
  EnrolmentParams,
  EnrolmentWebinarsQuery,
  EnrolmentWebinarsSchema,
  FeedParams,
  ListCourseWebinarsQuery,
  MyWebinarsSchema,
  RecordingBody,
  RegistrationAnswerSchema,
  RegistrationBody,
  UpdateWebinarBody,
  WebinarParams,
  WebinarRegistrationsSchema,
  WebinarSessionListSchema,
  WebinarSessionSchema,
  WebinarViewSchema,
} from './schemas.ts'
import {
  calendarOfSession,
  cancelSession,
  changeSession,
  createFeed,
  createSession,
  enrolmentWebinars,
  feedCalendar,
  feedState,
  getSession,
  listSessionsOfCourse,
  myWebinars,
  register,
  revokeFeed,
  sessionRegistrations,
  setRecording,
  unregister,
} from './service.ts'

const security = [{ bearerAuth: [] }]
const tags = ['webinars']
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
// Staff of a session: admins, trainers (of its course or cluster), coordinators (of its cluster).
const staff = requireRole('admin', 'trainer', 'coordinator')
const signedIn = requireRole()
const calendarType = 'text/calendar; charset=utf-8'
const CalendarText = Type.String({ description: 'an iCalendar object (RFC 5545)' })

export const webinarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const now = () => app.clock.now()
  const settings: CalendarSettings = {
    origin: publicOrigin(app.config),
    mailFrom: app.config.MAIL_FROM,
  }

  app.post(
    '/courses/:slug/webinars',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          "Schedule a session of a course's webinar step, for one cluster or open to every learner of the course (staff of the course or cluster)",
        security,
        params: CourseWebinarParams,
        body: CreateWebinarBody,
        response: { 201: WebinarSessionSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createSession(contextOf(request), request.params.slug, request.body, now())),
  )

  app.get(
    '/courses/:slug/webinars',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          "A course's sessions the caller is staff of, upcoming first; past ones too with include=past",
        security,
        params: CourseWebinarParams,
        querystring: ListCourseWebinarsQuery,
        response: { 200: WebinarSessionListSchema, ...errors },
      },
    },
    (request) =>
      listSessionsOfCourse(contextOf(request), request.params.slug, request.query, now()),
  )

  app.get(
    '/webinars/:id',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary:
          'A session: all of it for its staff; for a learner who is registered or may register, the offer (join link only when registered)',
        security,
        params: WebinarParams,
        response: { 200: WebinarViewSchema, ...errors },
      },
    },
    (request) => getSession(contextOf(request), request.params.id, now()),
  )

  app.patch(
    '/webinars/:id',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          'Change a session before it starts; its sequence rises and registered learners get the updated invitation (same UID, higher SEQUENCE)',
        security,
        params: WebinarParams,
        body: UpdateWebinarBody,
        response: { 200: WebinarSessionSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) =>
      changeSession(contextOf(request), settings, request.params.id, request.body, now()),
  )

  app.post(
    '/webinars/:id/cancellation',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          'Cancel a session with a reason; every registered learner gets METHOD:CANCEL; audited',
        security,
        params: WebinarParams,
        body: CancelWebinarBody,
        response: { 200: WebinarSessionSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) =>
      cancelSession(contextOf(request), settings, request.params.id, request.body, now()),
  )

  app.put(
    '/webinars/:id/recording',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          'Set the recording link (https), once the session has started; registered learners see it',
        security,
        params: WebinarParams,
        body: RecordingBody,
        response: { 200: WebinarSessionSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => setRecording(contextOf(request), request.params.id, request.body.url, now()),
  )

  app.get(
    '/webinars/:id/registrations',
    {
      onRequest: staff,
      schema: {
        tags,
        summary: "A session's registrations (and cancelled ones), for its staff",
        security,
        params: WebinarParams,
        response: { 200: WebinarRegistrationsSchema, ...errors },
      },
    },
    (request) => sessionRegistrations(contextOf(request), request.params.id),
  )

  app.get(
    '/webinars/:id/calendar.ics',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary:
          "A session's .ics: a registered learner's invitation (METHOD:REQUEST, or CANCEL once cancelled), or the session for its staff",
        security,
        params: WebinarParams,
        produces: ['text/calendar'],
        response: { 200: CalendarText, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .type(calendarType)
        .header('content-disposition', 'attachment; filename="webinar.ics"')
        .send(await calendarOfSession(contextOf(request), settings, request.params.id, now())),
  )

  app.get(
    '/enrolments/:id/webinars',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary:
          "The sessions the enrolment's learner may register for at a webinar step (their cluster's and open ones, their language first), and the one they chose",
        security,
        params: EnrolmentParams,
        querystring: EnrolmentWebinarsQuery,
        response: { 200: EnrolmentWebinarsSchema, ...errors },
      },
    },
    (request) =>
      enrolmentWebinars(contextOf(request), request.params.id, request.query.step, now()),
  )

  app.put(
    '/enrolments/:id/webinar-registration',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary:
          "Register for a session of a webinar step, or move to another (until either starts); sends webinar.registered when the gate is open; mails the invitation (and the old session's cancellation)",
        security,
        params: EnrolmentParams,
        headers: IdempotencyHeaders,
        body: RegistrationBody,
        response: {
          200: RegistrationAnswerSchema,
          ...errors,
          409: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const outcome = await register(
        contextOf(request),
        app.progressionBus,
        settings,
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
        now(),
      )
      if (outcome.replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(outcome.status).send(outcome.body)
    },
  )

  app.delete(
    '/enrolments/:id/webinar-registration',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary:
          'Leave the session of a webinar step before it starts (the cancellation is mailed)',
        security,
        params: EnrolmentParams,
        querystring: CancelRegistrationQuery,
        response: { 204: Type.Null(), ...errors, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      await unregister(contextOf(request), settings, request.params.id, request.query.step, now())
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/me/webinars',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary:
          'My registered sessions with attendance and whether check-in is open: upcoming first, then past',
        security,
        response: { 200: MyWebinarsSchema, 401: ProblemSchema },
      },
    },
    (request) => myWebinars(contextOf(request), now()),
  )

  app.get(
    '/me/calendar-feed',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary:
          'Whether I have a calendar feed address, and since when (the address is not shown again)',
        security,
        response: { 200: CalendarFeedStateSchema, 401: ProblemSchema },
      },
    },
    (request) => feedState(contextOf(request)),
  )

  app.post(
    '/me/calendar-feed',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary:
          'A new secret calendar feed address (shown only in this answer); an older one stops working',
        security,
        response: { 201: CalendarFeedCreatedSchema, 401: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createFeed(contextOf(request), settings, now())),
  )

  app.delete(
    '/me/calendar-feed',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary: 'Revoke my calendar feed address',
        security,
        response: { 204: Type.Null(), 401: ProblemSchema },
      },
    },
    async (request, reply) => {
      await revokeFeed(contextOf(request))
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/calendar-feeds/:token.ics',
    {
      schema: {
        tags,
        summary:
          "A person's registered sessions as a calendar (cancelled ones as STATUS:CANCELLED), for the secret address (no sign-in; unknown or revoked: 404)",
        security: [],
        params: FeedParams,
        produces: ['text/calendar'],
        response: { 200: CalendarText, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .type(calendarType)
        .send(await feedCalendar(app.db, settings, request.params.token, now())),
  )
}
