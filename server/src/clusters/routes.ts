import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { registerTableExport } from '../http/exports.ts'
import { ProblemSchema } from '../http/problem.ts'
import { CsvImportBody, DryRunQuery, UuidSchema } from '../http/schemas.ts'
import {
  AddMembersBody,
  AddMembersResultSchema,
  ClusterMemberPageSchema,
  ClusterPageSchema,
  ClusterSchema,
  CreateClusterBody,
  ListClustersQuery,
  ListMembersQuery,
  MemberImportReportSchema,
  StatusBody,
  UpdateClusterBody,
  WithdrawalBody,
} from './schemas.ts'
import {
  addMembers,
  assignClusterTrainer,
  changeCluster,
  createCluster,
  exportMembers,
  getCluster,
  importMembers,
  listClusterMembers,
  listClusters,
  moveCluster,
  removeClusterTrainer,
  removeMember,
} from './service.ts'

const security = [{ bearerAuth: [] }]
const tags = ['clusters']
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const Params = Type.Object({ id: UuidSchema })
const PersonParams = Type.Object({ id: UuidSchema, userId: UuidSchema })
// Coordinators manage the clusters of their association, admins all; trainers of a cluster read it.
const managers = requireRole('admin', 'coordinator')
const readers = requireRole('admin', 'coordinator', 'trainer')

export const clusterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/learning-clusters',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Create a learning cluster (coordinators: in their association)',
        security,
        body: CreateClusterBody,
        response: { 201: ClusterSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createCluster(contextOf(request), request.body)),
  )

  app.get(
    '/learning-clusters',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          "Learning clusters: all (admins), the association's (coordinators), trained (trainers)",
        security,
        querystring: ListClustersQuery,
        response: {
          200: ClusterPageSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    (request) => listClusters(contextOf(request), request.query),
  )

  app.get(
    '/learning-clusters/:id',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'A learning cluster with its courses and trainers',
        security,
        params: Params,
        response: { 200: ClusterSchema, ...errors },
      },
    },
    (request) => getCluster(contextOf(request), request.params.id),
  )

  app.patch(
    '/learning-clusters/:id',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Change a learning cluster (not its courses once it runs; nothing once closed)',
        security,
        params: Params,
        body: UpdateClusterBody,
        response: { 200: ClusterSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => changeCluster(contextOf(request), request.params.id, request.body),
  )

  app.put(
    '/learning-clusters/:id/status',
    {
      onRequest: managers,
      schema: {
        tags,
        summary:
          'Move a cluster on: draft → call-open → selecting → running → closed (draft → running too); running enrols its members',
        security,
        params: Params,
        body: StatusBody,
        response: { 200: ClusterSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => moveCluster(contextOf(request), request.params.id, request.body.status),
  )

  app.get(
    '/learning-clusters/:id/members',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'Members of a cluster with their municipality, by name',
        security,
        params: Params,
        querystring: ListMembersQuery,
        response: { 200: ClusterMemberPageSchema, ...errors },
      },
    },
    (request) => listClusterMembers(contextOf(request), request.params.id, request.query),
  )

  registerTableExport<{ id: string }>(app, {
    url: '/learning-clusters/:id/exports/members',
    onRequest: readers,
    tags,
    summary:
      'Members of a cluster, current and former: name, e-mail, municipality, country, joined, source, left and why',
    params: Params,
    load: (request, lang) => exportMembers(contextOf(request), request.params.id, lang),
  })

  app.post(
    '/learning-clusters/:id/members',
    {
      onRequest: managers,
      schema: {
        tags,
        summary:
          "Assign existing learners of the cluster's association as members; a running cluster enrols them",
        security,
        params: Params,
        body: AddMembersBody,
        response: { 200: AddMembersResultSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => addMembers(contextOf(request), request.params.id, request.body.userIds),
  )

  app.post(
    '/learning-clusters/:id/members/import',
    {
      onRequest: managers,
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags,
        summary:
          "Members from CSV (email): learners of the cluster's association; dry run by default, nothing stored unless every row is good",
        security,
        params: Params,
        querystring: DryRunQuery,
        body: CsvImportBody,
        response: {
          200: MemberImportReportSchema,
          ...errors,
          409: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    (request) =>
      importMembers(contextOf(request), request.params.id, request.body.csv, request.query.dryRun),
  )

  app.post(
    '/learning-clusters/:id/members/:userId/withdrawal',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: "A member leaves, with a reason; the cluster's enrolments of theirs are withdrawn",
        security,
        params: PersonParams,
        body: WithdrawalBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { id, userId } = request.params
      await removeMember(contextOf(request), id, userId, request.body.reason)
      return reply.code(204).send(null)
    },
  )

  app.put(
    '/learning-clusters/:id/trainers/:userId',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Assign a trainer to a cluster',
        security,
        params: PersonParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await assignClusterTrainer(contextOf(request), request.params.id, request.params.userId)
      return reply.code(204).send(null)
    },
  )

  app.delete(
    '/learning-clusters/:id/trainers/:userId',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Remove a trainer from a cluster',
        security,
        params: PersonParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await removeClusterTrainer(contextOf(request), request.params.id, request.params.userId)
      return reply.code(204).send(null)
    },
  )
}
