import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { publicOrigin } from '../config.ts'
import { type Actor, actorOf, requireRole } from '../http/auth.ts'
import { contextOf } from '../http/context.ts'
import { exportsPerMinute, sendTable } from '../http/exports.ts'
import { ProblemSchema } from '../http/problem.ts'
import {
  CreatePracticeBody,
  GoodPracticePageSchema,
  GoodPracticeSchema,
  LibraryExportQuery,
  LibraryPageSchema,
  LibraryQuery,
  ListPracticesQuery,
  PracticeParams,
  ReviewPracticeBody,
  UpdatePracticeBody,
} from './schemas.ts'
import {
  browseLibrary,
  editPractice,
  exportLibrary,
  getPractice,
  listMyPractices,
  reviewPractice,
  reviewQueue,
  submitPractice,
} from './service.ts'

const security = [{ bearerAuth: [] }]
// Anyone may call these; a signed-in caller (a valid token) may see more.
const anyoneOrSignedIn: { [scheme: string]: string[] }[] = [{}, { bearerAuth: [] }]
const tags = ['practices']
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const anySignedIn = requireRole()
// Admins, and trainers (of the course for a webinar's alternative; any for other practices).
const moderators = requireRole('trainer', 'admin')

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

export const practiceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const now = () => app.clock.now()
  const origin = publicOrigin(app.config)

  app.post(
    '/good-practices',
    {
      onRequest: anySignedIn,
      schema: {
        tags,
        summary:
          "Submit a good practice, outside a course or (with enrolmentId and step) as the written alternative to the learner's open webinar step",
        security,
        body: CreatePracticeBody,
        response: { 201: GoodPracticeSchema, ...errors, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await submitPractice(contextOf(request), request.body, now())),
  )

  app.get(
    '/good-practices/review-queue',
    {
      onRequest: moderators,
      schema: {
        tags,
        summary:
          'Submitted good practices the caller may review, oldest first (admins: all; trainers: those outside a course and of the courses they teach)',
        security,
        querystring: ListPracticesQuery,
        response: { 200: GoodPracticePageSchema, ...errors },
      },
    },
    (request) => reviewQueue(contextOf(request), request.query),
  )

  app.get(
    '/good-practices/:id',
    {
      schema: {
        tags,
        summary:
          'A good practice: to its author and moderators; once approved to anyone signed in, and to anyone at all when public (else 404)',
        security: anyoneOrSignedIn,
        params: PracticeParams,
        response: {
          200: GoodPracticeSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => getPractice(app.db, await optionalActor(request), request.params.id),
  )

  app.put(
    '/good-practices/:id',
    {
      onRequest: anySignedIn,
      schema: {
        tags,
        summary:
          'The author edits a submitted or returned practice from the revision read (409 stale-version otherwise); it is submitted again',
        security,
        params: PracticeParams,
        body: UpdatePracticeBody,
        response: { 200: GoodPracticeSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) => editPractice(contextOf(request), request.params.id, request.body, now()),
  )

  app.post(
    '/good-practices/:id/review',
    {
      onRequest: moderators,
      schema: {
        tags,
        summary:
          "Approve a submitted practice (a webinar's alternative excuses the learner's gate in the same transaction) or return it with a comment; audited, the author is e-mailed",
        security,
        params: PracticeParams,
        body: ReviewPracticeBody,
        response: { 200: GoodPracticeSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) =>
      reviewPractice(
        contextOf(request),
        app.progressionBus,
        request.params.id,
        request.body,
        origin,
        now(),
      ),
  )

  app.get(
    '/me/good-practices',
    {
      onRequest: anySignedIn,
      schema: {
        tags,
        summary: 'My good practices, newest first, whatever their status',
        security,
        querystring: ListPracticesQuery,
        response: { 200: GoodPracticePageSchema, ...errors },
      },
    },
    (request) => listMyPractices(contextOf(request), request.query),
  )

  app.get(
    '/library/good-practices',
    {
      schema: {
        tags,
        summary:
          'The library of approved good practices (anonymous callers: the public ones) by country, area and language, with full-text search and a snippet per match',
        security: anyoneOrSignedIn,
        querystring: LibraryQuery,
        response: { 200: LibraryPageSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) => browseLibrary(app.db, await optionalActor(request), request.query),
  )

  app.get(
    '/library/good-practices/export.csv',
    {
      // Per address: anonymous callers may export too.
      config: {
        rateLimit: {
          max: exportsPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request: FastifyRequest) => `export:library:${request.ip}`,
        },
      },
      schema: {
        tags,
        summary:
          'The library with the same filters as CSV (anonymous callers: the public practices), up to 10,000 rows; headers in ?lang=',
        security: anyoneOrSignedIn,
        querystring: LibraryExportQuery,
        produces: ['text/csv'],
        response: {
          200: {
            description: 'CSV file, sent as an attachment',
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
          400: ProblemSchema,
          401: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { basename, table } = await exportLibrary(
        app.db,
        await optionalActor(request),
        request.query,
        origin,
      )
      return sendTable(reply, 'csv', basename, table)
    },
  )
}
