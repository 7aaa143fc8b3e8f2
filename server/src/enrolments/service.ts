// What enrolments offer the routes and other features. The rules live in files by noun:
// lifecycle.ts (enrol, change language, withdraw), events.ts (the progression engine's adapter),
// views.ts (what the API shows), reading.ts and reading-positions.ts (reading a course).
import type { Db } from '../db/create-db.ts'
import type { Actor } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'
import type { EnrolmentAccess } from './access.ts'
import type { PersonalDataHolder } from '../identity/service.ts'
import {
  clearWithdrawnReasons,
  findEnrolment,
  findLiveEnrolment,
  type EnrolmentRow,
  listEnrolmentsOfPerson,
} from './queries.ts'
import { visibleEnrolment } from './views.ts'

export { assertTeaches, enrolmentAccess, type EnrolmentAccess } from './access.ts'
export { ProgressionBus, type ProgressionTransition } from './bus.ts'
export { appendEvent, lockForChange, prepareEvent, sendEvent } from './events.ts'
export {
  changeLanguage,
  enrol,
  enrolThroughCluster,
  withdraw,
  withdrawFromCluster,
} from './lifecycle.ts'
export { attemptsExhaustedProblem, refusedProblem, withdrawnProblem } from './problems.ts'
export { commitProgression, type EnrolmentRow, type LockedEnrolment } from './queries.ts'
export { saveReadingPosition } from './reading-positions.ts'
export { forgetReadingAccess, readStep, type ReadyDocument } from './reading.ts'
export {
  type CertificateLookup,
  getEnrolment,
  getEnrolmentDetail,
  listCourseEnrolments,
  listEvents,
  listMyEnrolments,
  viewEnrolment,
} from './views.ts'

/** The enrolment if the actor is its learner; 404 otherwise, as for an unknown id. */
export async function ownEnrolment(db: Db, actor: Actor, id: string): Promise<EnrolmentRow> {
  const row = await findEnrolment(db, id)
  if (row?.userId !== actor.id) throw Problem.notFound('No such enrolment.')
  return row
}

/** The person's live (not withdrawn) enrolment in a course, if any. */
export async function liveEnrolmentOf(
  db: Db,
  userId: string,
  courseId: string,
): Promise<EnrolmentRow | undefined> {
  const live = await findLiveEnrolment(db, userId, courseId)
  return live ? findEnrolment(db, live.id) : undefined
}

/** How the actor relates to an enrolment, with its pinned version; 404 for those who may not see it. */
export async function enrolmentAccessOf(
  db: Db,
  actor: Actor,
  id: string,
): Promise<{ access: EnrolmentAccess; courseVersionId: string }> {
  const { row, access } = await visibleEnrolment(db, actor, id)
  return { access, courseVersionId: row.courseVersionId }
}

/** A person's enrolments in their data export; erasure removes why they were withdrawn. */
export const enrolmentPersonalData: PersonalDataHolder = {
  part: 'enrolments',
  collect: listEnrolmentsOfPerson,
  erase: clearWithdrawnReasons,
}
