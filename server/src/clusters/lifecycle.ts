import type { Transaction } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import { publishedVersion } from '../courses/service.ts'
import type { Db } from '../db/create-db.ts'
import type { Database } from '../db/schema.ts'
import { hasRole } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { type FieldError, Problem } from '../http/problem.ts'
import { reachCluster } from './access.ts'
import { enrolMembers } from './members.ts'
import { lockCluster, insertCluster, replaceClusterCourses, updateCluster } from './queries.ts'
import type { ClusterStatus, CreateClusterBody, UpdateClusterBody } from './schemas.ts'
import { viewCluster } from './views.ts'

/** The order a cluster lives in; a status moves to the next one only, or from draft straight to running. */
const nextStatus: Record<ClusterStatus, ClusterStatus | null> = {
  draft: 'call-open',
  'call-open': 'selecting',
  selecting: 'running',
  running: 'closed',
  closed: null,
}

export function canMove(from: ClusterStatus, to: ClusterStatus): boolean {
  // A cluster whose members are assigned directly needs no call.
  return nextStatus[from] === to || (from === 'draft' && to === 'running')
}

function checkDates(startsOn: string, endsOn: string, errors: FieldError[]) {
  if (endsOn < startsOn)
    errors.push({ pointer: '/body/endsOn', reason: 'conflict', detail: 'is before startsOn' })
}

/** Resolves each offered course to its published version and checks the languages offered. */
async function resolveCourses(db: Db, courses: CreateClusterBody['courses']) {
  const errors: FieldError[] = []
  const resolved: { courseId: string; languages: string[] }[] = []
  const seen = new Set<string>()
  for (const [i, offer] of courses.entries()) {
    if (seen.has(offer.courseSlug)) {
      errors.push({
        pointer: `/body/courses/${i}/courseSlug`,
        reason: 'conflict',
        detail: 'is offered twice',
      })
      continue
    }
    seen.add(offer.courseSlug)
    const version = await publishedVersion(db, offer.courseSlug).catch((error: unknown) => {
      if (error instanceof Problem && error.status === 404) return undefined
      throw error
    })
    if (!version) {
      errors.push({
        pointer: `/body/courses/${i}/courseSlug`,
        reason: 'unknown-reference',
        detail: 'no published course has this slug',
      })
      continue
    }
    for (const [j, language] of offer.languages.entries())
      if (!version.languages.includes(language))
        errors.push({
          pointer: `/body/courses/${i}/languages/${j}`,
          reason: 'not-allowed',
          detail: `the course is in ${version.languages.join(', ')}`,
        })
    resolved.push({ courseId: version.courseId, languages: offer.languages })
  }
  return { resolved, errors }
}

export async function createCluster(ctx: ServiceContext, body: CreateClusterBody) {
  const { db, actor, ip } = ctx
  const errors: FieldError[] = []
  let associationId = body.associationId
  if (hasRole(actor, 'admin')) {
    if (!associationId)
      errors.push({ pointer: '/body/associationId', reason: 'required', detail: 'is required' })
  } else if (!actor.associationId) {
    throw Problem.forbidden('Your account is not attached to an association.')
  } else if (associationId && associationId !== actor.associationId) {
    errors.push({
      pointer: '/body/associationId',
      reason: 'not-allowed',
      detail: 'coordinators create clusters of their own association',
    })
  } else associationId = actor.associationId
  checkDates(body.startsOn, body.endsOn, errors)
  const courses = await resolveCourses(db, body.courses)
  errors.push(...courses.errors)
  if (errors.length > 0) throw Problem.validation(errors)
  const id = await db
    .transaction()
    .execute(async (trx) => {
      const id = await insertCluster(trx, {
        associationId: associationId!,
        name: body.name,
        description: body.description ?? '',
        startsOn: body.startsOn,
        endsOn: body.endsOn,
        capacity: body.capacity,
        createdBy: actor.id,
      })
      await replaceClusterCourses(trx, id, courses.resolved)
      await recordAudit(trx, {
        action: 'cluster.created',
        actorId: actor.id,
        subject: id,
        ip,
        details: { name: body.name, associationId },
      })
      return id
    })
    .catch((error: unknown) => {
      // The association named by an admin does not exist (foreign key).
      if ((error as { code?: string }).code === '23503')
        throw Problem.validation([
          {
            pointer: '/body/associationId',
            reason: 'unknown-reference',
            detail: 'no such association',
          },
        ])
      throw error
    })
  return viewCluster(db, await reachCluster(db, actor, id, 'read'))
}

export async function changeCluster(ctx: ServiceContext, id: string, body: UpdateClusterBody) {
  const { db, actor, ip } = ctx
  await reachCluster(db, actor, id, 'manage')
  const courses = body.courses ? await resolveCourses(db, body.courses) : undefined
  await db.transaction().execute(async (trx) => {
    const cluster = await lockCluster(trx, id)
    if (!cluster) throw Problem.notFound('No such learning cluster.')
    const errors: FieldError[] = [...(courses?.errors ?? [])]
    checkDates(body.startsOn ?? cluster.startsOn, body.endsOn ?? cluster.endsOn, errors)
    if (body.capacity !== undefined && body.capacity < Number(cluster.memberCount))
      errors.push({
        pointer: '/body/capacity',
        reason: 'conflict',
        detail: `the cluster has ${cluster.memberCount} members`,
      })
    if (errors.length > 0) throw Problem.validation(errors)
    if (cluster.status === 'closed')
      throw new Problem(409, 'conflict', 'Cluster closed', 'A closed cluster cannot change.')
    if (courses && cluster.status === 'running')
      throw new Problem(
        409,
        'conflict',
        'Cluster running',
        'The courses of a running cluster cannot change: its members are enrolled in them.',
      )
    const { courses: _courses, ...fields } = body
    if (Object.keys(fields).length > 0) await updateCluster(trx, id, fields)
    if (courses) await replaceClusterCourses(trx, id, courses.resolved)
    await recordAudit(trx, {
      action: 'cluster.updated',
      actorId: actor.id,
      subject: id,
      ip,
      details: { fields: Object.keys(body) },
    })
  })
  return viewCluster(db, await reachCluster(db, actor, id, 'read'))
}

/**
 * Moves a cluster to its next status (409 otherwise). Moving it to running enrols every current
 * member in its courses, in the same transaction.
 */
export async function moveCluster(ctx: ServiceContext, id: string, status: ClusterStatus) {
  const { db, actor, ip } = ctx
  await reachCluster(db, actor, id, 'manage')
  await db.transaction().execute(async (trx) => {
    const cluster = await lockCluster(trx, id)
    if (!cluster) throw Problem.notFound('No such learning cluster.')
    if (!canMove(cluster.status, status))
      throw new Problem(
        409,
        'conflict',
        'Status change not allowed',
        `A cluster moves ${cluster.status} → ${nextStatus[cluster.status] ?? 'nowhere'}${cluster.status === 'draft' ? ' (or running)' : ''}, not to ${status}.`,
      )
    await updateCluster(trx, id, { status })
    const enrolments = status === 'running' ? await enrolMembers(trx, id, actor.id) : 0
    await recordAudit(trx, {
      action: 'cluster.status-changed',
      actorId: actor.id,
      subject: id,
      ip,
      details: { from: cluster.status, to: status, enrolments },
    })
  })
  return viewCluster(db, await reachCluster(db, actor, id, 'read'))
}

/**
 * Moves a cluster from `from` to `to` inside the caller's transaction, as a call opening
 * (draft → call-open) or closing (call-open → selecting) does; a cluster at another status stays
 * where it is (false). Not for running, which enrols members: that is `moveCluster`'s.
 */
export async function advanceClusterWith(
  trx: Transaction<Database>,
  id: string,
  from: ClusterStatus,
  to: Exclude<ClusterStatus, 'running'>,
  audit: { actorId: string; ip: string },
): Promise<boolean> {
  const cluster = await lockCluster(trx, id)
  if (!cluster || cluster.status !== from || !canMove(from, to)) return false
  await updateCluster(trx, id, { status: to })
  await recordAudit(trx, {
    action: 'cluster.status-changed',
    actorId: audit.actorId,
    subject: id,
    ip: audit.ip,
    details: { from, to, enrolments: 0 },
  })
  return true
}
