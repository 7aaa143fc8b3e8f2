import { assertCanTeach } from '../courses/service.ts'
import type { Db } from '../db/create-db.ts'
import { type Actor, hasRole } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'

interface Owned {
  userId: string
  courseId: string
  learnerAssociationId: string | null
}

export type EnrolmentAccess = 'learner' | 'trainer' | 'coordinator' | 'admin'

/**
 * Who may look at an enrolment: its learner, trainers of its course, coordinators of the learner's
 * association, admins. Anyone else gets 404, so ids of other people's enrolments reveal nothing.
 */
export async function enrolmentAccess(
  db: Db,
  actor: Actor,
  enrolment: Owned,
): Promise<EnrolmentAccess> {
  if (enrolment.userId === actor.id) return 'learner'
  if (hasRole(actor, 'admin')) return 'admin'
  if (hasRole(actor, 'trainer')) {
    try {
      await assertCanTeach(db, actor, enrolment.courseId)
      return 'trainer'
    } catch {
      // fall through: a trainer of another course may still coordinate
    }
  }
  if (
    hasRole(actor, 'coordinator') &&
    actor.associationId &&
    actor.associationId === enrolment.learnerAssociationId
  )
    return 'coordinator'
  throw Problem.notFound('No such enrolment.')
}

/** Trainers of the course and admins act on a learner's progress (grants, attendance). */
export function assertTeaches(access: EnrolmentAccess): void {
  if (access !== 'trainer' && access !== 'admin')
    throw Problem.forbidden('Only a trainer of this course can do this.')
}
