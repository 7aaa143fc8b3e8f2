import type { Db } from '../db/create-db.ts'
import { liveEnrolmentOf } from '../enrolments/service.ts'
import { checkInOpensMinutesBefore } from './constants.ts'
import type { AttendanceSession } from './queries.ts'

const minute = 60_000

/** Check-in and marking open at this instant: 15 minutes before the start. */
export const opensAt = (session: AttendanceSession) =>
  new Date(session.startsAt.getTime() - checkInOpensMinutesBefore * minute)

/** The session's end, where check-in closes. */
export const endsAt = (session: AttendanceSession) =>
  new Date(session.startsAt.getTime() + session.durationMinutes * minute)

/**
 * The enrolment a person attends the session with: their live enrolment of the course when they
 * registered for the session or it is open to it (no cluster, or the enrolment's cluster, as
 * webinars offers sessions); a registered person with no live enrolment (withdrawn since) keeps
 * the one they registered with; null when the session is not for them.
 */
export async function attendeeEnrolment(
  db: Db,
  session: AttendanceSession,
  userId: string,
  registrations: ReadonlyMap<string, string>,
): Promise<string | null> {
  const registered = registrations.get(userId)
  const live = await liveEnrolmentOf(db, userId, session.courseId)
  if (registered) return live?.id ?? registered
  if (!live) return null
  if (session.clusterId !== null && live.clusterId !== session.clusterId) return null
  return live.id
}
