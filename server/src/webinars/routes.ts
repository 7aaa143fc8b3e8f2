import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

export const webinarRoutes: FastifyPluginAsyncTypebox = async () => {}
