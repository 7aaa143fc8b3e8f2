import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { bodyProblems, problems, signedIn as security } from '../http/schemas.ts'
import {
  AttendanceListSchema,
  AttendanceMarksBody,
  AttendanceParams,
  CheckInBody,
  CheckInCodeSchema,
  CheckInResultSchema,
} from './schemas.ts'
import {
  checkIn,
  getAttendance,
  getCheckInCode,
  markAttendance,
  openGateOnArrival,
} from './service.ts'

const tags = ['attendance']
// Staff of a session: admins, the course's or cluster's trainers, the cluster's coordinators.
const staff = requireRole('admin', 'trainer', 'coordinator')

export const attendanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const now = () => app.clock.now()
  // A learner marked attended before reaching the gate passes it on arrival.
  app.progressionBus.subscribe(openGateOnArrival(app.db, app.progressionBus))

  app.get(
    '/webinars/:id/attendance',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          "A session's attendance list (staff): everyone registered, and anyone marked or checked in",
        security,
        params: AttendanceParams,
        response: { 200: AttendanceListSchema, ...problems(400, 401, 403, 404) },
      },
    },
    (request) => getAttendance(contextOf(request), request.params.id),
  )

  app.put(
    '/webinars/:id/attendance',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          'Mark attendance in bulk (staff, from 15 minutes before the start; 409 before or when cancelled): attended, absent, or excused with a reason; all or nothing. Attended opens the webinar gate',
        security,
        params: AttendanceParams,
        body: AttendanceMarksBody,
        response: {
          200: AttendanceListSchema,
          ...bodyProblems,
          ...problems(401, 403, 404, 409),
        },
      },
    },
    (request) =>
      markAttendance(
        contextOf(request),
        app.progressionBus,
        request.params.id,
        request.body,
        now(),
      ),
  )

  app.get(
    '/webinars/:id/check-in-code',
    {
      onRequest: staff,
      schema: {
        tags,
        summary: "The session's check-in code (staff), and when check-in opens and closes",
        security,
        params: AttendanceParams,
        response: { 200: CheckInCodeSchema, ...problems(400, 401, 403, 404) },
      },
    },
    (request) => getCheckInCode(contextOf(request), request.params.id),
  )

  app.post(
    '/webinars/:id/check-in',
    {
      onRequest: requireRole('learner'),
      schema: {
        tags,
        summary:
          'Check in to a session with its code (a learner it is for; from 15 minutes before the start to the end): 422 check-in-refused (reason closed or wrong-code), 429 with Retry-After after 5 wrong codes in 15 minutes; audited',
        security,
        params: AttendanceParams,
        body: CheckInBody,
        response: {
          200: CheckInResultSchema,
          ...bodyProblems,
          ...problems(401, 404, 422, 429),
        },
      },
    },
    (request) =>
      checkIn(contextOf(request), app.progressionBus, request.params.id, request.body.code, now()),
  )
}
