import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import type { Db } from '../db/create-db.ts'
import { type Actor, actorOf } from './auth.ts'

/** What a service needs of the request: the database, who asks, from where, and where to log. */
export interface ServiceContext {
  db: Db
  actor: Actor
  ip: string
  log: FastifyBaseLogger
}

/** The context of a signed-in request (after requireRole). */
export function contextOf(request: FastifyRequest): ServiceContext {
  return { db: request.server.db, actor: actorOf(request), ip: request.ip, log: request.log }
}

/** The context of a request that may be anonymous (sign-in, links from e-mail). */
export type PublicContext = Omit<ServiceContext, 'actor'>

export function publicContextOf(request: FastifyRequest): PublicContext {
  return { db: request.server.db, ip: request.ip, log: request.log }
}
