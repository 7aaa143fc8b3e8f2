import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

/** Certificates: issue, verification, the PDF, revocation and re-issue (issue 15). */
export const certificateRoutes: FastifyPluginAsyncTypebox = async () => {}
