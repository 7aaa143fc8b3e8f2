import type { Transaction } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import type { ClusterMemberSource, Database } from '../db/schema.ts'
import {
  enrolThroughCluster,
  forgetReadingAccess,
  withdrawFromCluster,
} from '../enrolments/service.ts'
import type { ServiceContext } from '../http/context.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { parseCsv } from '../http/csv.ts'
import { type FieldError, Problem } from '../http/problem.ts'
import { isTrainer } from '../identity/service.ts'
import { reachCluster } from './access.ts'
import {
  deleteClusterTrainer,
  findCurrentMembers,
  findEligibleLearners,
  findEligibleLearnersByEmail,
  insertClusterTrainer,
  insertMembers,
  listClusterCourses,
  listMembers,
  lockCluster,
  markMemberLeft,
} from './queries.ts'
import type {
  AddMembersResult,
  ClusterMember,
  ListMembersQuery,
  MemberImportReport,
} from './schemas.ts'

/**
 * Enrols current members (all, or those named) in each course of the cluster, pinned to the
 * course's current version, in the member's preferred language where the cluster offers it. A
 * member already enrolled in a course keeps that enrolment. Returns how many were made.
 */
export async function enrolMembers(
  trx: Transaction<Database>,
  clusterId: string,
  actorId: string,
  userIds?: readonly string[],
): Promise<number> {
  const courses = await listClusterCourses(trx, [clusterId])
  const members = await findCurrentMembers(trx, clusterId, userIds)
  let made = 0
  for (const member of members)
    for (const course of courses) {
      const language = course.languages.includes(member.preferredLanguage)
        ? member.preferredLanguage
        : course.languages[0]
      const { created } = await enrolThroughCluster(trx, {
        userId: member.userId,
        courseSlug: course.slug,
        clusterId,
        language,
        enrolledBy: actorId,
      })
      if (created) made++
    }
  return made
}

const closedProblem = () =>
  new Problem(409, 'conflict', 'Cluster closed', 'A closed cluster takes no new members.')

/**
 * Adds existing people to a cluster by direct assignment. Each must be a learner of the cluster's
 * association (placed in it or in one of its municipalities); otherwise nothing is stored. While
 * the cluster runs, the new members are enrolled in its courses at once.
 */
export async function addMembers(
  ctx: ServiceContext,
  clusterId: string,
  userIds: string[],
): Promise<AddMembersResult> {
  const { db, actor } = ctx
  const reached = await reachCluster(db, actor, clusterId, 'manage')
  const eligible = new Set(
    (await findEligibleLearners(db, reached.associationId, userIds)).map((row) => row.id),
  )
  const refused = userIds.flatMap((userId, i) =>
    eligible.has(userId)
      ? []
      : [
          {
            pointer: `/body/userIds/${i}`,
            reason: 'not-allowed' as const,
            detail: "is not a learner of the cluster's association",
          },
        ],
  )
  if (refused.length > 0) throw Problem.validation(refused)
  return db.transaction().execute((trx) => admit(trx, ctx, clusterId, userIds, 'assignment'))
}

/**
 * Makes eligible people members, under the cluster's lock: a closed cluster takes nobody (409), a
 * full one refuses them all (409); current members are left as they are. While the cluster runs,
 * the new members are enrolled in its courses at once.
 */
async function admit(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  clusterId: string,
  userIds: readonly string[],
  source: ClusterMemberSource,
): Promise<AddMembersResult> {
  const cluster = await lockCluster(trx, clusterId)
  if (!cluster) throw Problem.notFound('No such learning cluster.')
  if (cluster.status === 'closed') throw closedProblem()
  const current = new Set((await findCurrentMembers(trx, clusterId, userIds)).map((m) => m.userId))
  const added = userIds.filter((userId) => !current.has(userId))
  if (Number(cluster.memberCount) + added.length > cluster.capacity)
    throw new Problem(
      409,
      'conflict',
      'Cluster full',
      `The cluster has ${cluster.memberCount} of ${cluster.capacity} places taken; ${added.length} more do not fit.`,
    )
  await insertMembers(trx, clusterId, added, source)
  const enrolments =
    cluster.status === 'running' && added.length > 0
      ? await enrolMembers(trx, clusterId, ctx.actor.id, added)
      : 0
  for (const userId of added)
    await recordAudit(trx, {
      action: 'cluster.member-added',
      actorId: ctx.actor.id,
      subject: userId,
      ip: ctx.ip,
      details: { clusterId, source },
    })
  return { added, alreadyMembers: userIds.filter((userId) => current.has(userId)), enrolments }
}

const memberColumns = ['email']
const maxImportRows = 1000

/**
 * Members from CSV (one column, `email`): each row must name a learner of the cluster's
 * association who is not yet a member, once. A report per row; nothing is stored unless every row
 * is good, and only when `dryRun` is false. People without an account are invited first
 * (bulk invitations), then imported.
 */
export async function importMembers(
  ctx: ServiceContext,
  clusterId: string,
  csv: string,
  dryRun: boolean,
): Promise<MemberImportReport> {
  const { db, actor } = ctx
  const cluster = await reachCluster(db, actor, clusterId, 'manage')
  let rows
  try {
    rows = parseCsv(csv, memberColumns)
  } catch (error) {
    throw Problem.validation([
      { pointer: '/body/csv', reason: 'format', detail: (error as Error).message },
    ])
  }
  if (rows.length === 0)
    throw Problem.validation([{ pointer: '/body/csv', reason: 'too-short', detail: 'has no rows' }])
  if (rows.length > maxImportRows)
    throw Problem.validation([
      { pointer: '/body/csv', reason: 'too-long', detail: `has more than ${maxImportRows} rows` },
    ])
  const unknownColumns = Object.keys(rows[0]!.values).filter((c) => !memberColumns.includes(c))
  if (unknownColumns.length > 0)
    throw Problem.validation([
      {
        pointer: '/body/csv',
        reason: 'unknown-field',
        detail: `line 1: unknown column(s) ${unknownColumns.join(', ')}`,
      },
    ])
  const emails = rows.map((row) => (row.values.email ?? '').toLowerCase())
  const learners = new Map(
    (await findEligibleLearnersByEmail(db, cluster.associationId, emails)).map((row) => [
      row.email,
      row.id,
    ]),
  )
  const members = new Set(
    (await findCurrentMembers(db, clusterId, [...learners.values()])).map((m) => m.userId),
  )
  const seen = new Set<string>()
  const report = rows.map(({ line, values }, i) => {
    const email = values.email ?? ''
    const key = emails[i]!
    const errors: FieldError[] = []
    const userId = learners.get(key)
    if (!email) errors.push({ pointer: '/email', reason: 'required', detail: 'e-mail is empty' })
    else if (seen.has(key))
      errors.push({ pointer: '/email', reason: 'conflict', detail: 'appears twice in the file' })
    else if (!userId)
      errors.push({
        pointer: '/email',
        reason: 'unknown-reference',
        detail: "no learner of the cluster's association has this e-mail address",
      })
    else if (members.has(userId))
      errors.push({ pointer: '/email', reason: 'conflict', detail: 'is a member already' })
    seen.add(key)
    return { line, email, ok: errors.length === 0, errors, userId }
  })
  const valid = report.every((row) => row.ok)
  let created = 0
  if (valid && !dryRun) {
    const userIds = report.map((row) => row.userId!)
    created = (
      await db.transaction().execute((trx) => admit(trx, ctx, clusterId, userIds, 'import'))
    ).added.length
  }
  return {
    dryRun,
    valid,
    created,
    rows: report.map(({ line, email, ok, errors }) => ({ line, email, ok, errors })),
  }
}

/** A member leaves with a reason; the enrolments the cluster made for them are withdrawn with it. */
export async function removeMember(
  ctx: ServiceContext,
  clusterId: string,
  userId: string,
  reason: string,
): Promise<void> {
  const { db, actor } = ctx
  await reachCluster(db, actor, clusterId, 'manage')
  const withdrawn = await db.transaction().execute(async (trx) => {
    const cluster = await lockCluster(trx, clusterId)
    if (!cluster) throw Problem.notFound('No such learning cluster.')
    const ids = await releaseMember(trx, ctx, clusterId, userId, reason)
    if (ids === null) throw Problem.notFound('This person is not a member of the cluster.')
    return ids
  })
  for (const id of withdrawn) forgetReadingAccess(id)
}

/**
 * Ends a current membership in the caller's transaction, withdrawing the cluster's enrolments of
 * the member with the reason; audited. Null when the person is no current member. The caller
 * forgets the withdrawn enrolments' reading access after the commit.
 */
export async function releaseMember(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  clusterId: string,
  userId: string,
  reason: string,
): Promise<string[] | null> {
  const { actor, ip } = ctx
  if (!(await markMemberLeft(trx, clusterId, userId, reason))) return null
  const ids = await withdrawFromCluster(trx, { clusterId, userId, reason, actorId: actor.id, ip })
  await recordAudit(trx, {
    action: 'cluster.member-removed',
    actorId: actor.id,
    subject: userId,
    ip,
    details: { clusterId, reason, enrolmentsWithdrawn: ids.length },
  })
  return ids
}

/**
 * Makes people chosen by a call's selection members (source `selection`), in the caller's
 * transaction and under the cluster's lock: a closed or full cluster refuses (409); a running one
 * enrols them in its courses at once. The caller has checked who the call may accept.
 */
export async function admitSelected(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  clusterId: string,
  userIds: readonly string[],
): Promise<AddMembersResult> {
  return admit(trx, ctx, clusterId, userIds, 'selection')
}

export async function listClusterMembers(
  ctx: ServiceContext,
  clusterId: string,
  query: ListMembersQuery,
): Promise<Page<ClusterMember>> {
  await reachCluster(ctx.db, ctx.actor, clusterId, 'read')
  return pageOf(
    query,
    (window) => listMembers(ctx.db, clusterId, query.includeLeft, window),
    (row) => ({
      userId: row.userId,
      name: row.name,
      email: row.email,
      municipality:
        row.municipalityId && row.municipalityName
          ? { id: row.municipalityId, name: row.municipalityName }
          : null,
      source: row.source,
      joinedAt: new Date(row.joinedAt).toISOString(),
      leftAt: row.leftAt ? new Date(row.leftAt).toISOString() : null,
      leaveReason: row.leaveReason,
    }),
  )
}

/** Assigns a trainer (someone with the trainer role) to a cluster; audited. */
export async function assignClusterTrainer(ctx: ServiceContext, clusterId: string, userId: string) {
  const { db, actor, ip } = ctx
  await reachCluster(db, actor, clusterId, 'manage')
  if (!(await isTrainer(db, userId)))
    throw Problem.validation([
      { pointer: '/params/userId', reason: 'not-allowed', detail: 'is not a trainer' },
    ])
  await db.transaction().execute(async (trx) => {
    if (await insertClusterTrainer(trx, clusterId, userId))
      await recordAudit(trx, {
        action: 'cluster.trainer-assigned',
        actorId: actor.id,
        subject: userId,
        ip,
        details: { clusterId },
      })
  })
}

export async function removeClusterTrainer(ctx: ServiceContext, clusterId: string, userId: string) {
  const { db, actor, ip } = ctx
  await reachCluster(db, actor, clusterId, 'manage')
  await db.transaction().execute(async (trx) => {
    if (!(await deleteClusterTrainer(trx, clusterId, userId)))
      throw Problem.notFound('This person is not a trainer of the cluster.')
    await recordAudit(trx, {
      action: 'cluster.trainer-removed',
      actorId: actor.id,
      subject: userId,
      ip,
      details: { clusterId },
    })
  })
}
