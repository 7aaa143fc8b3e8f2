import { sql, type Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { ClusterMemberSource, ClusterStatus, Database } from '../db/schema.ts'
import type { PageQuery } from '../http/pagination.ts'

// Calendar days are read as text: pg would make them Dates at local midnight.
const clusterColumns = [
  'c.id',
  'c.associationId',
  'c.name',
  'c.description',
  sql<string>`c.starts_on::text`.as('startsOn'),
  sql<string>`c.ends_on::text`.as('endsOn'),
  'c.capacity',
  'c.status',
  'c.createdAt',
] as const

const currentMembers = sql<number>`(select count(*) from cluster_members cm where cm.cluster_id = c.id and cm.left_at is null)`

export async function findCluster(db: Db, id: string) {
  return db
    .selectFrom('clusters as c')
    .select(clusterColumns)
    .select(currentMembers.as('memberCount'))
    .where('c.id', '=', id)
    .executeTakeFirst()
}
export type ClusterRow = NonNullable<Awaited<ReturnType<typeof findCluster>>>

/**
 * Locks the cluster row: every change to its status or members goes through this lock. The row is
 * read again after the lock is held: a statement that waited for a lock still sees the database as
 * it was when it began (PostgreSQL, read committed), so a member count taken by the locking
 * statement could miss the member another transaction just added.
 */
export async function lockCluster(trx: Transaction<Database>, id: string) {
  const locked = await trx
    .selectFrom('clusters')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  return locked ? findCluster(trx, id) : undefined
}

/** Who may see which clusters: an association's, a trainer's, or (both null) all. */
export interface ClusterScope {
  associationId: string | null
  trainerId: string | null
}

export async function listClusters(
  db: Db,
  scope: ClusterScope | null,
  filter: { status?: ClusterStatus; associationId?: string },
  window: PageQuery,
) {
  let query = db
    .selectFrom('clusters as c')
    .select(clusterColumns)
    .select(currentMembers.as('memberCount'))
    .select(sql<number>`count(*) over ()`.as('total'))
  if (scope)
    query = query.where((eb) =>
      eb.or([
        eb('c.associationId', '=', scope.associationId),
        eb.exists(
          eb
            .selectFrom('clusterTrainers as ct')
            .select('ct.userId')
            .whereRef('ct.clusterId', '=', 'c.id')
            .where('ct.userId', '=', scope.trainerId),
        ),
      ]),
    )
  if (filter.status) query = query.where('c.status', '=', filter.status)
  if (filter.associationId) query = query.where('c.associationId', '=', filter.associationId)
  return query
    .orderBy('c.startsOn', 'desc')
    .orderBy('c.id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}

export async function insertCluster(
  trx: Transaction<Database>,
  values: {
    associationId: string
    name: string
    description: string
    startsOn: string
    endsOn: string
    capacity: number
    createdBy: string
  },
): Promise<string> {
  const { id } = await trx
    .insertInto('clusters')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function updateCluster(
  trx: Transaction<Database>,
  id: string,
  values: Partial<{
    name: string
    description: string
    startsOn: string
    endsOn: string
    capacity: number
    status: ClusterStatus
  }>,
) {
  await trx
    .updateTable('clusters')
    .set({ ...values, updatedAt: new Date() })
    .where('id', '=', id)
    .execute()
}

/** The courses of clusters, with their slugs (courses is read here, by join). */
export async function listClusterCourses(db: Db, clusterIds: readonly string[]) {
  if (clusterIds.length === 0) return []
  return db
    .selectFrom('clusterCourses as cc')
    .innerJoin('courses as co', 'co.id', 'cc.courseId')
    .select(['cc.clusterId', 'cc.courseId', 'co.slug', 'cc.languages'])
    .where('cc.clusterId', 'in', clusterIds)
    .orderBy('co.slug')
    .execute()
}

export async function replaceClusterCourses(
  trx: Transaction<Database>,
  clusterId: string,
  courses: { courseId: string; languages: string[] }[],
) {
  await trx.deleteFrom('clusterCourses').where('clusterId', '=', clusterId).execute()
  if (courses.length === 0) return
  await trx
    .insertInto('clusterCourses')
    .values(
      courses.map((course) => ({
        clusterId,
        courseId: course.courseId,
        languages: sql<string[]>`${sql.val(course.languages)}::text[]`,
      })),
    )
    .execute()
}

/** The trainers of clusters by name (users is read here, by join). */
export async function listClusterTrainers(db: Db, clusterIds: readonly string[]) {
  if (clusterIds.length === 0) return []
  return db
    .selectFrom('clusterTrainers as ct')
    .innerJoin('users as u', 'u.id', 'ct.userId')
    .select(['ct.clusterId', 'u.id', 'u.name', 'u.email'])
    .where('ct.clusterId', 'in', clusterIds)
    .orderBy('u.name')
    .execute()
}

export async function isClusterTrainer(db: Db, clusterId: string, userId: string) {
  const row = await db
    .selectFrom('clusterTrainers')
    .select('userId')
    .where('clusterId', '=', clusterId)
    .where('userId', '=', userId)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertClusterTrainer(db: Db, clusterId: string, userId: string) {
  const row = await db
    .insertInto('clusterTrainers')
    .values({ clusterId, userId })
    .onConflict((oc) => oc.columns(['clusterId', 'userId']).doNothing())
    .returning('userId')
    .executeTakeFirst()
  return row !== undefined
}

export async function deleteClusterTrainer(db: Db, clusterId: string, userId: string) {
  const result = await db
    .deleteFrom('clusterTrainers')
    .where('clusterId', '=', clusterId)
    .where('userId', '=', userId)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

/**
 * Who may join a cluster of the association: learners placed in it directly or through a
 * municipality, not erased (users, user_roles and municipalities are read here, by join).
 */
function eligibleLearners(db: Db, associationId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('municipalities as m', 'm.id', 'u.municipalityId')
    .where('u.erasedAt', 'is', null)
    .where((eb) => eb.fn.coalesce('u.associationId', 'm.associationId'), '=', associationId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('userRoles as r')
          .select('r.userId')
          .whereRef('r.userId', '=', 'u.id')
          .where('r.role', '=', 'learner'),
      ),
    )
}

/** The people among `userIds` who may join, with the language they prefer. */
export async function findEligibleLearners(
  db: Db,
  associationId: string,
  userIds: readonly string[],
) {
  return eligibleLearners(db, associationId)
    .select(['u.id', 'u.preferredLanguage'])
    .where('u.id', 'in', userIds)
    .execute()
}

/** The same, found by e-mail address (compared without case, as everywhere). */
export async function findEligibleLearnersByEmail(
  db: Db,
  associationId: string,
  emails: readonly string[],
) {
  if (emails.length === 0) return []
  return eligibleLearners(db, associationId)
    .select(['u.id', sql<string>`lower(u.email)`.as('email')])
    .where(sql`lower(u.email)`, 'in', emails)
    .execute()
}

export async function findCurrentMembers(db: Db, clusterId: string, userIds?: readonly string[]) {
  let query = db
    .selectFrom('clusterMembers as cm')
    .innerJoin('users as u', 'u.id', 'cm.userId')
    .select(['cm.userId', 'u.preferredLanguage'])
    .where('cm.clusterId', '=', clusterId)
    .where('cm.leftAt', 'is', null)
  if (userIds) query = query.where('cm.userId', 'in', userIds)
  return query.orderBy('cm.joinedAt').execute()
}

export async function insertMembers(
  trx: Transaction<Database>,
  clusterId: string,
  userIds: readonly string[],
  source: ClusterMemberSource,
) {
  if (userIds.length === 0) return
  await trx
    .insertInto('clusterMembers')
    .values(userIds.map((userId) => ({ clusterId, userId, source })))
    .execute()
}

/** Ends a current membership; false when there is none. */
export async function markMemberLeft(
  trx: Transaction<Database>,
  clusterId: string,
  userId: string,
  reason: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('clusterMembers')
    .set({ leftAt: new Date(), leaveReason: reason })
    .where('clusterId', '=', clusterId)
    .where('userId', '=', userId)
    .where('leftAt', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** One round trip: a page of members with their municipality, each row carrying the total. */
export async function listMembers(
  db: Db,
  clusterId: string,
  includeLeft: boolean,
  window: PageQuery,
) {
  let query = db
    .selectFrom('clusterMembers as cm')
    .innerJoin('users as u', 'u.id', 'cm.userId')
    .leftJoin('municipalities as m', 'm.id', 'u.municipalityId')
    .select([
      'cm.userId',
      'u.name',
      'u.email',
      'm.id as municipalityId',
      'm.name as municipalityName',
      'cm.source',
      'cm.joinedAt',
      'cm.leftAt',
      'cm.leaveReason',
    ])
    .select(sql<number>`count(*) over ()`.as('total'))
    .where('cm.clusterId', '=', clusterId)
  if (!includeLeft) query = query.where('cm.leftAt', 'is', null)
  return query
    .orderBy('u.name')
    .orderBy('cm.joinedAt')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}

/** A person's cluster memberships for their data export, oldest first. */
export function listMembershipsOfPerson(db: Db, userId: string) {
  return db
    .selectFrom('clusterMembers as m')
    .innerJoin('clusters as c', 'c.id', 'm.clusterId')
    .select(['c.name as cluster', 'm.source', 'm.joinedAt', 'm.leftAt', 'm.leaveReason'])
    .where('m.userId', '=', userId)
    .orderBy('m.joinedAt')
    .execute()
}

/** Erasure: the reasons written when the person left go; the membership dates stay. */
export async function clearLeaveReasons(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('clusterMembers')
    .set({ leaveReason: null })
    .where('userId', '=', userId)
    .where('leaveReason', 'is not', null)
    .execute()
}

/** The municipalities that have a current member in the cluster (users read by join). */
export async function listMemberMunicipalities(db: Db, clusterId: string) {
  return db
    .selectFrom('clusterMembers as cm')
    .innerJoin('users as u', 'u.id', 'cm.userId')
    .select('u.municipalityId')
    .distinct()
    .where('cm.clusterId', '=', clusterId)
    .where('cm.leftAt', 'is', null)
    .where('u.municipalityId', 'is not', null)
    .execute()
}

/** Who among `userIds` has been a member of another cluster of the association. */
export async function findMembersOfOtherClusters(
  db: Db,
  associationId: string,
  clusterId: string,
  userIds: readonly string[],
) {
  if (userIds.length === 0) return []
  return db
    .selectFrom('clusterMembers as cm')
    .innerJoin('clusters as c', 'c.id', 'cm.clusterId')
    .select('cm.userId')
    .distinct()
    .where('c.associationId', '=', associationId)
    .where('cm.clusterId', '<>', clusterId)
    .where('cm.userId', 'in', userIds)
    .execute()
}

/**
 * Every member, current and former, for the members export: name, e-mail, municipality and the
 * country (the municipality's, else the association's for someone placed in it directly).
 */
export async function listMembersForExport(db: Db, clusterId: string) {
  return db
    .selectFrom('clusterMembers as cm')
    .innerJoin('users as u', 'u.id', 'cm.userId')
    .leftJoin('municipalities as m', 'm.id', 'u.municipalityId')
    .leftJoin('associations as a', 'a.id', 'u.associationId')
    .select([
      'u.name',
      'u.email',
      'm.name as municipality',
      sql<string | null>`coalesce(m.country_code, a.country_code)`.as('countryCode'),
      'cm.source',
      'cm.joinedAt',
      'cm.leftAt',
      'cm.leaveReason',
    ])
    .where('cm.clusterId', '=', clusterId)
    .orderBy('u.name')
    .orderBy('cm.joinedAt')
    .execute()
}
