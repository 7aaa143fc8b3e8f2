import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

export const attendanceRoutes: FastifyPluginAsyncTypebox = async () => {}
