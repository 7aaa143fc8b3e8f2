// What clusters offer the routes and other features. The rules live in files by noun:
// access.ts (who reaches a cluster), lifecycle.ts (create, change, status), members.ts (members
// and trainers), views.ts (what the API shows).
import type { ServiceContext } from '../http/context.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { clusterScopeOf, reachCluster } from './access.ts'

export { reachCluster }
import type { PersonalDataHolder } from '../identity/service.ts'
import {
  clearLeaveReasons,
  listClusters as listClusterRows,
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
  assignClusterTrainer,
  importMembers,
  listClusterMembers,
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

/** A person's cluster memberships in their data export; erasure removes why they left. */
export const clusterPersonalData: PersonalDataHolder = {
  part: 'clusterMemberships',
  collect: listMembershipsOfPerson,
  erase: clearLeaveReasons,
}
