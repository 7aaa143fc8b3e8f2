import { reachCluster } from '../clusters/service.ts'
import type { Db } from '../db/create-db.ts'
import type { Actor } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'
import { type CallRow, findCall } from './queries.ts'

const noSuchCall = () => Problem.notFound('No such call.')

/**
 * A call as one who manages its cluster reaches it: coordinators of the cluster's association and
 * admins. To anyone else it does not exist (404); the cluster's trainers are refused (403).
 */
export async function reachCallToManage(db: Db, actor: Actor, id: string): Promise<CallRow> {
  const call = await findCall(db, id)
  if (!call) throw noSuchCall()
  await reachCluster(db, actor, call.clusterId, 'manage').catch((error: unknown) => {
    throw error instanceof Problem && error.status === 404 ? noSuchCall() : error
  })
  return call
}

/** Whether the actor manages the call's cluster (and so sees its drafts and criteria). */
export async function managesCall(db: Db, actor: Actor | null, call: CallRow): Promise<boolean> {
  if (!actor) return false
  return reachCluster(db, actor, call.clusterId, 'manage').then(
    () => true,
    (error: unknown) => {
      if (error instanceof Problem && (error.status === 404 || error.status === 403)) return false
      throw error
    },
  )
}

/**
 * A call as anyone may read it: an open or closed call is public; a draft exists only for those
 * who manage its cluster (404 to everyone else, signed in or not).
 */
export async function reachCallToRead(
  db: Db,
  actor: Actor | null,
  id: string,
): Promise<{ call: CallRow; manages: boolean }> {
  const call = await findCall(db, id)
  if (!call) throw noSuchCall()
  const manages = await managesCall(db, actor, call)
  if (call.status === 'draft' && !manages) throw noSuchCall()
  return { call, manages }
}
