import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { publicOrigin } from '../config.ts'
import { requireRole } from '../http/auth.ts'
import { contextOf, publicContextOf } from '../http/context.ts'
import { PageSchema } from '../http/pagination.ts'
import { ProblemSchema } from '../http/problem.ts'
import { authRateLimit } from '../http/rate-limit.ts'
import { CsvImportBody, DryRunQuery, TokenParams } from '../http/schemas.ts'
import { SessionSchema, sendSession } from '../identity/service.ts'
import {
  AcceptBody,
  BulkReportSchema,
  CreateInvitationBody,
  InvitationSchema,
  ListInvitationsQuery,
  PublicInvitationSchema,
} from './schemas.ts'
import {
  acceptInvitation,
  describeInvitation,
  invite,
  inviteMany,
  listInvitations,
} from './service.ts'

const staff = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema }
const security = [{ bearerAuth: [] }]

export const invitationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const origin = publicOrigin(app.config)

  app.post(
    '/invitations',
    {
      onRequest: requireRole('admin', 'coordinator'),
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags: ['invitations'],
        summary: 'Invite a person by e-mail (coordinators: learners of their association)',
        security,
        body: CreateInvitationBody,
        response: { 201: InvitationSchema, ...staff, 409: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await invite(contextOf(request), origin, request.body)),
  )

  app.post(
    '/invitations/bulk',
    {
      onRequest: requireRole('admin', 'coordinator'),
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ['invitations'],
        summary:
          'Invite many from CSV (email,name,roles,municipality_id,association_id,position,language); dry run by default',
        security,
        querystring: DryRunQuery,
        body: CsvImportBody,
        response: { 200: BulkReportSchema, ...staff, 429: ProblemSchema },
      },
    },
    (request) => inviteMany(contextOf(request), origin, request.body.csv, request.query.dryRun),
  )

  app.get(
    '/invitations',
    {
      onRequest: requireRole('admin', 'coordinator'),
      schema: {
        tags: ['invitations'],
        summary: 'Invitations sent',
        security,
        querystring: ListInvitationsQuery,
        response: { 200: PageSchema(InvitationSchema), ...staff },
      },
    },
    (request) => listInvitations(contextOf(request), request.query),
  )

  app.get(
    '/invitations/:token',
    {
      config: { rateLimit: authRateLimit },
      schema: {
        tags: ['invitations'],
        summary: 'Who an invitation link is for',
        params: TokenParams,
        response: {
          200: PublicInvitationSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          410: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    (request) => describeInvitation(app.db, request.params.token),
  )

  app.post(
    '/invitations/:token/accept',
    {
      config: { rateLimit: authRateLimit },
      schema: {
        tags: ['invitations'],
        summary: 'Accept an invitation: choose a password and sign in',
        params: TokenParams,
        body: AcceptBody,
        response: {
          200: SessionSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          410: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) =>
      sendSession(
        request,
        reply,
        await acceptInvitation(
          publicContextOf(request),
          (claims) => app.jwt.sign(claims),
          request.params.token,
          request.body.password,
        ),
      ),
  )
}
