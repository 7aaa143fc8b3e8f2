import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

export const practiceRoutes: FastifyPluginAsyncTypebox = async () => {}
