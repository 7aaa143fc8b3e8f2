import type { MyWebinar } from '@agora/server/contract'
import { hasPassed } from './time'

/**
 * The session a learner is registered for at an enrolment's webinar step, still to come (or
 * running): read from their sessions, since a registration made before reaching the step leaves
 * the gate open.
 */
export function registeredSession(
  sessions: readonly MyWebinar[],
  enrolmentId: string,
  step: string,
  now: number = Date.now(),
): MyWebinar | null {
  return (
    sessions.find(
      (session) =>
        session.mine &&
        session.enrolmentId === enrolmentId &&
        session.step === step &&
        session.status === 'scheduled' &&
        !hasPassed(session.endsAt, now),
    ) ?? null
  )
}
