import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import { type Actor, hasRole } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { isTrainer } from '../identity/service.ts'
import {
  deleteCourseTrainer,
  findCourseId,
  findCourseTrainer,
  insertCourseTrainer,
  listCourseTrainers,
} from './queries.ts'

/** Trainers act only on the courses they are assigned to; admins on all. */
export async function assertCanTeach(db: Db, actor: Actor, courseId: string): Promise<void> {
  if (hasRole(actor, 'admin')) return
  const assigned = await findCourseTrainer(db, courseId, actor.id)
  if (!assigned || !hasRole(actor, 'trainer'))
    throw Problem.forbidden('You are not a trainer of this course.')
}

async function requireCourseId(db: Db, slug: string): Promise<string> {
  const id = await findCourseId(db, slug)
  if (!id) throw Problem.notFound('No such course.')
  return id
}

/** The trainers of a course, by name, for its trainers and admins. */
export async function listTrainers(ctx: ServiceContext, slug: string) {
  const id = await requireCourseId(ctx.db, slug)
  await assertCanTeach(ctx.db, ctx.actor, id)
  return listCourseTrainers(ctx.db, id)
}

/** Assigns a trainer (someone with the trainer role) to a course; audited. */
export async function assignTrainer(
  ctx: ServiceContext,
  slug: string,
  userId: string,
): Promise<void> {
  const id = await requireCourseId(ctx.db, slug)
  if (!(await isTrainer(ctx.db, userId)))
    throw Problem.validation([
      { pointer: '/params/userId', reason: 'not-allowed', detail: 'is not a trainer' },
    ])
  await ctx.db.transaction().execute(async (trx) => {
    await insertCourseTrainer(trx, id, userId)
    await recordAudit(trx, {
      action: 'course.trainer-assigned',
      actorId: ctx.actor.id,
      subject: id,
      ip: ctx.ip,
      details: { trainer: userId },
    })
  })
}

/** Removes a trainer from a course; audited. */
export async function removeTrainer(
  ctx: ServiceContext,
  slug: string,
  userId: string,
): Promise<void> {
  const id = await requireCourseId(ctx.db, slug)
  await ctx.db.transaction().execute(async (trx) => {
    await deleteCourseTrainer(trx, id, userId)
    await recordAudit(trx, {
      action: 'course.trainer-removed',
      actorId: ctx.actor.id,
      subject: id,
      ip: ctx.ip,
      details: { trainer: userId },
    })
  })
}
