import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { actorOf, requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { exportsPerMinute, sendTable } from '../http/exports.ts'
import { ProblemSchema } from '../http/problem.ts'
import {
  exportClusterEvaluations,
  exportVersionEvaluation,
  getClusterEvaluations,
  getVersionEvaluation,
  listCourseEvaluations,
} from './reports.ts'
import {
  ClusterEvaluationsParams,
  ClusterEvaluationsExportQuery,
  ClusterEvaluationsQuery,
  ClusterEvaluationsSchema,
  CourseEvaluationsParams,
  CourseEvaluationsSchema,
  EvaluationParams,
  EvaluationQuery,
  EvaluationReportSchema,
} from './schemas.ts'

const security = [{ bearerAuth: [] }]
const tags = ['surveys']
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const courseReaders = requireRole('admin', 'trainer')
const clusterReaders = requireRole('admin', 'coordinator', 'trainer')
const below =
  'A report counts responses always and breaks them down only from 5 (`minimum`): below, `questions` is null.'
const languages =
  '`lang` picks the language of question texts and labels (else English, else the first).'
const csv = {
  200: {
    description: 'CSV file, sent as an attachment',
    content: { 'text/csv': { schema: { type: 'string' } } },
  },
  ...errors,
  409: ProblemSchema,
}
// Per person, like every export: counted after the guard has named them.
const exportLimit = {
  rateLimit: {
    max: exportsPerMinute,
    timeWindow: 60_000,
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) => `export:${actorOf(request).id}`,
  },
}

export const surveyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/courses/:slug/evaluations',
    {
      onRequest: courseReaders,
      schema: {
        tags,
        summary: "A course's evaluations: every version's survey steps and their responses",
        description: 'For trainers of the course and admins; counts only.',
        security,
        params: CourseEvaluationsParams,
        response: { 200: CourseEvaluationsSchema, ...errors },
      },
    },
    (request) => listCourseEvaluations(contextOf(request), request.params.slug),
  )

  app.get(
    '/courses/:slug/evaluations/:versionId',
    {
      onRequest: courseReaders,
      schema: {
        tags,
        summary: "One version's evaluation over every learner of the course",
        description: `For trainers of the course and admins. Ratings as a count per value and the mean, choices as a count per option, open answers without names in a new random order. ${below} \`step\` names the survey (needed only when the version has several). ${languages}`,
        security,
        params: EvaluationParams,
        querystring: EvaluationQuery,
        response: { 200: EvaluationReportSchema, ...errors },
      },
    },
    async (request) =>
      (
        await getVersionEvaluation(
          contextOf(request),
          request.params.slug,
          request.params.versionId,
          request.query,
        )
      ).report,
  )

  app.get(
    '/courses/:slug/evaluations/:versionId/export.csv',
    {
      onRequest: courseReaders,
      config: exportLimit,
      schema: {
        tags,
        summary: "One version's evaluation as CSV",
        description: `The report's rows: a count per rating value or choice, each rating's mean, each open answer. Below 5 responses there is nothing to break down: 409 too-few-responses. ${languages}`,
        security,
        params: EvaluationParams,
        querystring: EvaluationQuery,
        response: csv,
      },
    },
    async (request, reply) => {
      const { basename, table } = await exportVersionEvaluation(
        contextOf(request),
        request.params.slug,
        request.params.versionId,
        request.query,
      )
      return sendTable(reply, 'csv', basename, table)
    },
  )

  app.get(
    '/learning-clusters/:id/evaluations',
    {
      onRequest: clusterReaders,
      schema: {
        tags,
        summary: "A cluster's evaluations: its own learners' responses per course and survey",
        description: `For coordinators of the cluster's association, its trainers and admins; \`course\` keeps one course. Each report counts only responses given in this cluster. ${below} ${languages}`,
        security,
        params: ClusterEvaluationsParams,
        querystring: ClusterEvaluationsQuery,
        response: { 200: ClusterEvaluationsSchema, ...errors },
      },
    },
    async (request) => {
      const { items } = await getClusterEvaluations(
        contextOf(request),
        request.params.id,
        request.query,
      )
      return { items }
    },
  )

  app.get(
    '/learning-clusters/:id/evaluations/export.csv',
    {
      onRequest: clusterReaders,
      config: exportLimit,
      schema: {
        tags,
        summary: "A cluster's evaluations as CSV",
        description: `Reports with 5 responses or more broken down, the others as their count alone; 409 too-few-responses when none has 5. \`course\` keeps one course, \`version\` one version (a version of another course than \`course\`, or none, is 404); the minimum still applies to each survey. ${languages}`,
        security,
        params: ClusterEvaluationsParams,
        querystring: ClusterEvaluationsExportQuery,
        response: csv,
      },
    },
    async (request, reply) => {
      const { basename, table } = await exportClusterEvaluations(
        contextOf(request),
        request.params.id,
        request.query,
      )
      return sendTable(reply, 'csv', basename, table)
    },
  )
}
