import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf, requireRole } from '../http/auth.ts'
import { Problem, ProblemSchema } from '../http/problem.ts'
import { associationBySlug } from '../organisations/service.ts'
import { associationDid, didDocument, jwks, platformDid } from './did.ts'
import {
  DidDocumentSchema,
  IssuerParams,
  JwksSchema,
  RotationSchema,
  SigningKeyListSchema,
} from './schemas.ts'
import { listSigningKeys, publishedKeys, rotateSigningKey } from './service.ts'

const security = [{ bearerAuth: [] }]
const tags = ['credentials']

/** Signing keys for admins under /api/v1: the list and the rotation. */
export const credentialRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/signing-keys',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags,
        summary:
          'Every credential signing key, newest first (public facts, never private material)',
        security,
        response: { 200: SigningKeyListSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async () => ({ items: await listSigningKeys(app.db) }),
  )

  app.post(
    '/signing-keys/rotation',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags,
        summary:
          'Retires the active signing key and activates a new one (audited); the retired key stays published',
        security,
        response: { 201: RotationSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request, reply) => {
      const rotation = await rotateSigningKey(
        { db: app.db, actorId: actorOf(request).id, ip: request.ip },
        app.credentialSettings,
        app.clock.now(),
      )
      const active = (await listSigningKeys(app.db)).find((key) => key.kid === rotation.active)
      if (!active) throw new Error('the new signing key is not stored')
      reply.code(201)
      return { active, retired: rotation.retired }
    },
  )
}

const publicCache = 'public, max-age=300'

/**
 * The issuer's public keys outside /api/v1: the JWKS and the did:web documents (public). The
 * OpenAPI conventions cover /api/v1 only, so these name their operationId and security themselves.
 */
export const issuerKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const origin = app.credentialSettings.origin
  const publicHeaders = { 'cache-control': publicCache, 'access-control-allow-origin': '*' }

  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        tags,
        summary: 'The JWKS of every credential signing key, active and retired',
        operationId: 'getJwks',
        security: [],
        response: { 200: JwksSchema },
      },
    },
    async (_request, reply) => {
      reply.headers(publicHeaders).type('application/jwk-set+json')
      return jwks(await publishedKeys(app.db))
    },
  )

  app.get(
    '/.well-known/did.json',
    {
      schema: {
        tags,
        summary: "The platform issuer's did:web document (every signing key)",
        operationId: 'getPlatformDidDocument',
        security: [],
        response: { 200: DidDocumentSchema },
      },
    },
    async (_request, reply) => {
      reply.headers(publicHeaders).type('application/did+json')
      return didDocument(platformDid(origin), await publishedKeys(app.db))
    },
  )

  app.get(
    '/issuers/:slug/did.json',
    {
      schema: {
        tags,
        summary: "An association issuer's did:web document (every signing key)",
        operationId: 'getIssuerDidDocument',
        security: [],
        params: IssuerParams,
        response: { 200: DidDocumentSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const association = await associationBySlug(app.db, request.params.slug)
      if (!association) {
        // Outside /api/v1 no hook adds it: an answer that may change is never kept.
        reply.header('cache-control', 'no-store')
        throw Problem.notFound('no such issuer')
      }
      reply.headers(publicHeaders).type('application/did+json')
      return didDocument(associationDid(origin, association.slug), await publishedKeys(app.db))
    },
  )
}
