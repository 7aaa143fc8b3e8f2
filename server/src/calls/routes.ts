import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { publicOrigin } from '../config.ts'
import { type Actor, actorOf, requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { ProblemSchema } from '../http/problem.ts'
import { UuidSchema } from '../http/schemas.ts'
import {
  CallPageSchema,
  CallSchema,
  CallStatusBody,
  CallViewSchema,
  CreateCallBody,
  EmbedQuery,
  FeedQuery,
  ListClusterCallsQuery,
  ListOpenCallsQuery,
  PublicCallPageSchema,
  UpdateCallBody,
} from './schemas.ts'
import {
  changeCall,
  createCall,
  embedOpenCalls,
  getCall,
  listClusterCalls,
  listOpenCalls,
  moveCall,
  openCallsFeed,
  removeCall,
} from './service.ts'
import { embedContentSecurityPolicy } from './public.ts'

const security = [{ bearerAuth: [] }]
const tags = ['calls']
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const ClusterParams = Type.Object({ id: UuidSchema })
const CallParams = Type.Object({ callId: UuidSchema })
// Coordinators manage the calls of their association's clusters, admins all.
const managers = requireRole('admin', 'coordinator')
// Any signed-in person, for a public route that shows more to those who manage.
const anySignedIn = requireRole()
// Public lists may be kept a little by browsers and proxies: they hold nothing personal.
const publicCache = 'public, max-age=300'

/** The caller when a token is sent (checked as every guard checks it), or nobody. */
async function optionalActor(request: FastifyRequest): Promise<Actor | null> {
  if (request.headers.authorization === undefined) return null
  await new Promise<void>((resolve, reject) =>
    anySignedIn.call(request.server, request, {} as never, (error?: Error) =>
      error ? reject(error) : resolve(),
    ),
  )
  return actorOf(request)
}

export const callRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const now = () => app.clock.now()
  const origin = publicOrigin(app.config)

  app.post(
    '/learning-clusters/:id/calls',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Create a draft call for participants of a cluster',
        security,
        params: ClusterParams,
        body: CreateCallBody,
        response: { 201: CallSchema, ...errors, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createCall(contextOf(request), request.params.id, request.body, now())),
  )

  app.get(
    '/learning-clusters/:id/calls',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: "A cluster's calls, drafts included (those who manage the cluster)",
        security,
        params: ClusterParams,
        querystring: ListClusterCallsQuery,
        response: { 200: CallPageSchema, ...errors },
      },
    },
    (request) => listClusterCalls(contextOf(request), request.params.id, request.query, now()),
  )

  app.get(
    '/calls',
    {
      schema: {
        tags,
        summary: 'Open calls still taking applications, soonest deadline first (public)',
        querystring: ListOpenCallsQuery,
        response: { 200: PublicCallPageSchema, 400: ProblemSchema },
      },
    },
    (request) => listOpenCalls(app.db, request.query, now()),
  )

  app.get(
    '/calls/feed',
    {
      schema: {
        tags,
        summary: 'Open calls as an Atom feed; each entry links to the call page (public)',
        querystring: FeedQuery,
        produces: ['application/atom+xml'],
        response: {
          200: Type.String({ description: 'an Atom feed (RFC 4287)' }),
          400: ProblemSchema,
        },
      },
    },
    async (request, reply) =>
      reply
        .type('application/atom+xml; charset=utf-8')
        .header('cache-control', publicCache)
        .send(await openCallsFeed(app.db, origin, request.query, now())),
  )

  app.get(
    '/calls/embed',
    {
      schema: {
        tags,
        summary:
          'Open calls as a small HTML page for an iframe on an association website (public; any site may frame it)',
        querystring: EmbedQuery,
        produces: ['text/html'],
        response: {
          200: Type.String({ description: 'a self-contained HTML page' }),
          400: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const html = await embedOpenCalls(app.db, origin, request.query, now())
      // This route alone may be framed anywhere: its own policy replaces the API's refusals.
      reply.removeHeader('x-frame-options')
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', embedContentSecurityPolicy)
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('cache-control', publicCache)
        .send(html)
    },
  )

  app.get(
    '/calls/:callId',
    {
      schema: {
        tags,
        summary:
          'A call: public once open or closed; a draft, and the criteria, only for those who manage its cluster',
        security: [{}, { bearerAuth: [] }],
        params: CallParams,
        response: {
          200: CallViewSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => getCall(app.db, await optionalActor(request), request.params.callId, now()),
  )

  app.patch(
    '/calls/:callId',
    {
      onRequest: managers,
      schema: {
        tags,
        summary:
          'Change a call: a draft wholly; an open one its title, text, places, deadline and criteria; a closed one its criteria',
        security,
        params: CallParams,
        body: UpdateCallBody,
        response: { 200: CallSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => changeCall(contextOf(request), request.params.callId, request.body, now()),
  )

  app.put(
    '/calls/:callId/status',
    {
      onRequest: managers,
      schema: {
        tags,
        summary:
          'Open a complete draft (publish; the cluster moves to call-open) or close an open call (the last one moves the cluster to selecting)',
        security,
        params: CallParams,
        body: CallStatusBody,
        response: { 200: CallSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => moveCall(contextOf(request), request.params.callId, request.body.status, now()),
  )

  app.delete(
    '/calls/:callId',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Delete a draft call',
        security,
        params: CallParams,
        response: { 204: Type.Null(), ...errors, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      await removeCall(contextOf(request), request.params.callId)
      return reply.code(204).send(null)
    },
  )
}
