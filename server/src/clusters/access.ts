import type { Db } from '../db/create-db.ts'
import { type Actor, hasRole } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'
import { type ClusterRow, type ClusterScope, findCluster, isClusterTrainer } from './queries.ts'

/**
 * A cluster as the actor may reach it. Admins reach all; coordinators their association's; the
 * cluster's trainers may read it. To anyone else it does not exist (404, so ids reveal nothing);
 * a trainer of the cluster who tries to change it is refused (403).
 */
export async function reachCluster(
  db: Db,
  actor: Actor,
  id: string,
  need: 'read' | 'manage',
): Promise<ClusterRow> {
  const cluster = await findCluster(db, id)
  if (!cluster) throw Problem.notFound('No such learning cluster.')
  if (hasRole(actor, 'admin')) return cluster
  if (hasRole(actor, 'coordinator') && actor.associationId === cluster.associationId) return cluster
  if (hasRole(actor, 'trainer') && (await isClusterTrainer(db, id, actor.id))) {
    if (need === 'read') return cluster
    throw Problem.forbidden('Trainers of a cluster may read it; its coordinators change it.')
  }
  throw Problem.notFound('No such learning cluster.')
}

/** Which clusters a list shows the actor: null for admins (all). */
export function clusterScopeOf(actor: Actor): ClusterScope | null {
  if (hasRole(actor, 'admin')) return null
  return {
    associationId: hasRole(actor, 'coordinator') ? actor.associationId : null,
    trainerId: hasRole(actor, 'trainer') ? actor.id : null,
  }
}
