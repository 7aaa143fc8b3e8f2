import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import { type Actor, actorOf, hasRole, requireRole } from '../http/auth.ts'
import { Problem, ProblemSchema } from '../http/problem.ts'
import { SlugSchema, UuidSchema } from '../http/schemas.ts'

/** Trainers act only on the courses they are assigned to; admins on all. */
export async function assertCanTeach(db: Db, actor: Actor, courseId: string): Promise<void> {
  if (hasRole(actor, 'admin')) return
  const assigned = await db.selectFrom('courseTrainers').select('userId').where('courseId', '=', courseId).where('userId', '=', actor.id).executeTakeFirst()
  if (!assigned || !hasRole(actor, 'trainer')) throw Problem.forbidden('You are not a trainer of this course.')
}

async function courseId(db: Db, slug: string): Promise<string> {
  const course = await db.selectFrom('courses').select('id').where('slug', '=', slug).executeTakeFirst()
  if (!course) throw Problem.notFound('No such course.')
  return course.id
}

const Params = Type.Object({ slug: SlugSchema })
const AssignmentParams = Type.Object({ slug: SlugSchema, userId: UuidSchema })
const TrainerSchema = Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() })
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const security = [{ bearerAuth: [] }]

export const courseTrainerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/courses/:slug/trainers', {
    onRequest: requireRole('admin', 'trainer'),
    schema: { tags: ['courses'], summary: 'Trainers assigned to a course', security, params: Params, response: { 200: Type.Array(TrainerSchema), ...errors } },
  }, async (request) => {
    const id = await courseId(app.db, request.params.slug)
    await assertCanTeach(app.db, actorOf(request), id)
    return app.db
      .selectFrom('courseTrainers as t')
      .innerJoin('users as u', 'u.id', 't.userId')
      .select(['u.id', 'u.name', 'u.email'])
      .where('t.courseId', '=', id)
      .orderBy('u.name')
      .execute()
  })

  app.put('/courses/:slug/trainers/:userId', {
    onRequest: requireRole('admin'),
    schema: { tags: ['courses'], summary: 'Assign a trainer to a course', security, params: AssignmentParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    const id = await courseId(app.db, request.params.slug)
    const trainer = await app.db
      .selectFrom('userRoles')
      .select('userId')
      .where('userId', '=', request.params.userId)
      .where('role', '=', 'trainer')
      .executeTakeFirst()
    if (!trainer) throw Problem.validation([{ pointer: '/params/userId', reason: 'not-allowed', detail: 'is not a trainer' }])
    await app.db.transaction().execute(async (trx) => {
      await trx.insertInto('courseTrainers').values({ courseId: id, userId: trainer.userId }).onConflict((oc) => oc.doNothing()).execute()
      await recordAudit(trx, { action: 'course.trainer-assigned', actorId: actorOf(request).id, subject: id, ip: request.ip, details: { trainer: trainer.userId } })
    })
    return reply.code(204).send(null)
  })

  app.delete('/courses/:slug/trainers/:userId', {
    onRequest: requireRole('admin'),
    schema: { tags: ['courses'], summary: 'Remove a trainer from a course', security, params: AssignmentParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    const id = await courseId(app.db, request.params.slug)
    await app.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('courseTrainers').where('courseId', '=', id).where('userId', '=', request.params.userId).execute()
      await recordAudit(trx, { action: 'course.trainer-removed', actorId: actorOf(request).id, subject: id, ip: request.ip, details: { trainer: request.params.userId } })
    })
    return reply.code(204).send(null)
  })
}
