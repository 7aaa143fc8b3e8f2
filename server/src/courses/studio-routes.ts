import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { actorOf, requireRole } from '../http/auth.ts'
import { ProblemSchema } from '../http/problem.ts'
import {
  BoundedInteger,
  LanguageTagSchema,
  SlugSchema,
  UserText,
  VersionNumberSchema,
} from '../http/schemas.ts'
import {
  CreatedVersionSchema,
  DraftSchema,
  FileDiffSchema,
  ModuleMarkdownSchema,
  UnchangedVersionSchema,
  VersionSchema,
} from './schemas.ts'
import {
  diffVersions,
  draftArchive,
  getDraft,
  listVersions,
  publishDrafts,
  saveDraft,
} from './studio.ts'

const DraftParams = Type.Object({ slug: SlugSchema, language: LanguageTagSchema, step: SlugSchema })
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const security = [{ bearerAuth: [] }]
const teaching = requireRole('trainer', 'admin')

export const studioRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/courses/:slug/drafts/:language/:step',
    {
      onRequest: teaching,
      schema: {
        tags: ['studio'],
        summary: 'The text of a module as its trainers edit it (draft, else published)',
        security,
        params: DraftParams,
        response: { 200: DraftSchema, ...errors },
      },
    },
    (request) =>
      getDraft(
        app.db,
        actorOf(request),
        request.params.slug,
        request.params.language,
        request.params.step,
      ),
  )

  app.put(
    '/courses/:slug/drafts/:language/:step',
    {
      onRequest: teaching,
      schema: {
        tags: ['studio'],
        summary:
          'Save a draft; refused with 409 and the other text when someone saved since baseRevision',
        security,
        params: DraftParams,
        body: Type.Object(
          { markdown: ModuleMarkdownSchema, baseRevision: BoundedInteger() },
          { additionalProperties: false },
        ),
        response: { 200: DraftSchema, ...errors, 409: ProblemSchema },
      },
    },
    (request) =>
      saveDraft(
        app.db,
        actorOf(request),
        request.params.slug,
        request.params.language,
        request.params.step,
        request.body.markdown,
        request.body.baseRevision,
      ),
  )

  app.get(
    '/courses/:slug/versions',
    {
      onRequest: teaching,
      schema: {
        tags: ['studio'],
        summary: "A course's published versions, newest first",
        security,
        params: Type.Object({ slug: SlugSchema }),
        response: { 200: Type.Array(VersionSchema), ...errors },
      },
    },
    (request) => listVersions(app.db, actorOf(request), request.params.slug),
  )

  app.post(
    '/courses/:slug/versions',
    {
      onRequest: teaching,
      schema: {
        tags: ['studio'],
        summary: 'Publish the drafts as a new immutable version (every file is checked first)',
        security,
        params: Type.Object({ slug: SlugSchema }),
        body: Type.Object(
          { changeSummary: UserText({ minLength: 1, maxLength: 2000, pattern: '\\S' }) },
          { additionalProperties: false },
        ),
        response: {
          200: UnchangedVersionSchema,
          201: CreatedVersionSchema,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const result = await publishDrafts(
        app.db,
        actorOf(request),
        request.params.slug,
        request.body.changeSummary,
      )
      if (result.status === 'invalid')
        throw new Error('unreachable: invalid imports are thrown as problems')
      return reply
        .code(result.status === 'created' ? 201 : 200)
        .send({ status: result.status, version: result.version })
    },
  )

  app.get(
    '/courses/:slug/versions/:from/diff/:to',
    {
      onRequest: teaching,
      schema: {
        tags: ['studio'],
        summary: 'Unified diffs of the files that differ between two versions',
        security,
        params: Type.Object({
          slug: SlugSchema,
          from: VersionNumberSchema,
          to: VersionNumberSchema,
        }),
        response: { 200: Type.Array(FileDiffSchema), ...errors },
      },
    },
    (request) =>
      diffVersions(
        app.db,
        actorOf(request),
        request.params.slug,
        request.params.from,
        request.params.to,
      ),
  )

  app.get(
    '/courses/:slug/draft.zip',
    {
      onRequest: teaching,
      schema: {
        tags: ['studio'],
        summary: 'The course with its drafts as a zip in the courses/ layout',
        security,
        params: Type.Object({ slug: SlugSchema }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (request, reply) => {
      const zip = await draftArchive(app.db, actorOf(request), request.params.slug)
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${request.params.slug}.zip"`)
        .send(Buffer.from(zip))
    },
  )
}
