// What clusters offer the routes and other features. The rules live in files by noun:
// access.ts (who reaches a cluster), lifecycle.ts (create, change, status), members.ts (members
// and trainers), views.ts (what the API shows).
import type { ServiceContext } from '../http/context.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { clusterScopeOf, reachCluster } from './access.ts'

export { reachCluster }
import type { PersonalDataHolder } from '../identity/service.ts'
import type { Db } from '../db/create-db.ts'
import {
  clearLeaveReasons,
  findMembersOfOtherClusters,
  listClusters as listClusterRows,
  listMemberMunicipalities,
  listMembershipsOfPerson,
} from './queries.ts'
import type { Cluster, ListClustersQuery } from './schemas.ts'
import { viewCluster, viewClusters } from './views.ts'

export {
  advanceClusterWith,
  canMove,
  changeCluster,
  createCluster,
  moveCluster,
} from './lifecycle.ts'
export {
  addMembers,
  admitSelected,
  assignClusterTrainer,
  importMembers,
  listClusterMembers,
  releaseMember,
  removeClusterTrainer,
  removeMember,
} from './members.ts'
export { exportMembers } from './exports.ts'

export async function getCluster(ctx: ServiceContext, id: string): Promise<Cluster> {
  return viewCluster(ctx.db, await reachCluster(ctx.db, ctx.actor, id, 'read'))
}

/** Admins see every cluster; coordinators their association's; trainers those they train. */
export async function listClusters(
  ctx: ServiceContext,
  query: ListClustersQuery,
): Promise<Page<Cluster>> {
  const scope = clusterScopeOf(ctx.actor)
  const filter = { status: query.status, associationId: query.associationId }
  const page = await pageOf(
    query,
    (window) => listClusterRows(ctx.db, scope, filter, window),
    (row) => row,
  )
  return { ...page, items: await viewClusters(ctx.db, page.items) }
}

/** Municipalities with a current member in the cluster ("a municipality with no participant yet"). */
export async function representedMunicipalities(db: Db, clusterId: string): Promise<string[]> {
  return (await listMemberMunicipalities(db, clusterId)).flatMap((row) =>
    row.municipalityId ? [row.municipalityId] : [],
  )
}

/** Of `userIds`, those who have been members of another cluster of the association (not first-timers). */
export async function membersOfOtherClusters(
  db: Db,
  associationId: string,
  clusterId: string,
  userIds: readonly string[],
): Promise<Set<string>> {
  const rows = await findMembersOfOtherClusters(db, associationId, clusterId, userIds)
  return new Set(rows.map((row) => row.userId))
}

/** A person's cluster memberships in their data export; erasure removes why they left. */
export const clusterPersonalData: PersonalDataHolder = {
  part: 'clusterMemberships',
  collect: listMembershipsOfPerson,
  erase: clearLeaveReasons,
}
