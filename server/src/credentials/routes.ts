import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

/** Open Badges 3.0 credentials under /api/v1: the status list and uploaded credentials' checks. */
export const credentialRoutes: FastifyPluginAsyncTypebox = async () => {}

/** The issuer's public keys outside /api/v1: the JWKS and the did:web documents. */
export const issuerKeyRoutes: FastifyPluginAsyncTypebox = async () => {}
