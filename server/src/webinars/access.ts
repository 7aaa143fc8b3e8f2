import { assertCanTeach } from '../courses/service.ts'
import { reachCluster } from '../clusters/service.ts'
import type { Db } from '../db/create-db.ts'
import { type Actor, hasRole } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'

const refused = (error: unknown) => {
  if (error instanceof Problem && (error.status === 403 || error.status === 404)) return false
  throw error
}

/**
 * Whether the actor is staff of a session: an admin; a trainer of its course, or of its cluster; a
 * coordinator of the association that owns its cluster. A session with no cluster has admins and
 * the course's trainers only.
 */
export async function isSessionStaff(
  db: Db,
  actor: Actor,
  session: { courseId: string; clusterId: string | null },
): Promise<boolean> {
  if (hasRole(actor, 'admin')) return true
  if (hasRole(actor, 'trainer')) {
    const teaches = await assertCanTeach(db, actor, session.courseId).then(() => true, refused)
    if (teaches) return true
  }
  if (!session.clusterId || !hasRole(actor, 'trainer', 'coordinator')) return false
  return reachCluster(db, actor, session.clusterId, 'read').then(() => true, refused)
}

/** Staff roles see 403 on a session that is not theirs; anyone else learns nothing (404). */
export function notStaffProblem(actor: Actor): Problem {
  return hasRole(actor, 'admin', 'trainer', 'coordinator')
    ? Problem.forbidden('You are not staff of this webinar session.')
    : noSuchSession()
}

export const noSuchSession = () => Problem.notFound('No such webinar session.')
