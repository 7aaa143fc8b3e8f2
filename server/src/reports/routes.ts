import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { publicOrigin } from '../config.ts'
import { actorOf, requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { registerTableExport } from '../http/exports.ts'
import { ProblemSchema } from '../http/problem.ts'
import {
  DashboardParams,
  DashboardQuery,
  DashboardSchema,
  OverviewQuery,
  OverviewSchema,
  ReminderParams,
  ReminderSchema,
} from './schemas.ts'
import { exportProgress, getDashboard, getOverview, remindLearner } from './service.ts'

const security = [{ bearerAuth: [] }]
const tags = ['reports']
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }

export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const origin = publicOrigin(app.config)

  app.get(
    '/learning-clusters/:id/dashboard',
    {
      onRequest: requireRole('admin', 'coordinator', 'trainer'),
      schema: {
        tags,
        summary:
          "A cluster's dashboard: the funnel per course and step (overall, by country, by municipality), quiz results per module and question, learners at risk",
        security,
        params: DashboardParams,
        querystring: DashboardQuery,
        response: { 200: DashboardSchema, ...errors },
      },
    },
    (request) =>
      getDashboard(contextOf(request), request.params.id, request.query, app.clock.now()),
  )

  registerTableExport<{ id: string }>(app, {
    url: '/learning-clusters/:id/exports/progress',
    onRequest: requireRole('admin', 'coordinator', 'trainer'),
    tags,
    summary:
      "A cluster's progress per municipality: members, enrolled, passed per module, completed",
    params: DashboardParams,
    load: (request, lang) => exportProgress(contextOf(request), request.params.id, lang),
  })

  app.post(
    '/learning-clusters/:id/members/:userId/reminder',
    {
      onRequest: requireRole('admin', 'coordinator'),
      // Per coordinator, not per address: counted after the guard has named them.
      config: {
        rateLimit: {
          max: 30,
          timeWindow: 60 * 60_000,
          hook: 'preHandler',
          keyGenerator: (request) => `reminder:${actorOf(request).id}`,
        },
      },
      schema: {
        tags,
        summary:
          'E-mail a member a reminder to continue (at most one per learner and cluster in 7 days: else 409 reminder-too-soon with nextAllowedAt)',
        security,
        params: ReminderParams,
        response: {
          201: ReminderSchema,
          ...errors,
          409: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await remindLearner(
            { ...contextOf(request), origin },
            request.params.id,
            request.params.userId,
            app.clock.now(),
          ),
        ),
  )

  app.get(
    '/reports/overview',
    {
      onRequest: requireRole('admin', 'coordinator'),
      schema: {
        tags,
        summary:
          "Members, active and completed per cluster: a coordinator's association; every association for admins and a regional network's coordinators (NALAS), or ?associationId=",
        security,
        querystring: OverviewQuery,
        response: {
          200: OverviewSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    (request) => getOverview(contextOf(request), request.query, app.clock.now()),
  )
}
