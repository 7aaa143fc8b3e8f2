// The progression engine, pure: shared by the server (which decides) and the web (which shows).
export { createProgressionMachine, type ProgressionMachine } from './machine.ts'
export {
  applyEvent,
  canApply,
  describeProgress,
  hasPassed,
  initialProgress,
  replay,
  type ProgressSummary,
  type Standing,
  standingOf,
  type StepProgress,
  type StepStatus,
} from './engine.ts'
export type * from './types.ts'

/** Events a learner may send through the events endpoint; the rest come from trainers or the server. */
export const learnerEventTypes = ['module.read', 'quiz.retried', 'survey.submitted'] as const
/** Events a trainer of the course may send through the events endpoint: an extra quiz attempt. */
export const trainerEventTypes = ['attempt.granted'] as const
/**
 * The webinar gate's events, which the server sends and the events endpoint refuses: a learner's
 * registration for a session (webinars), attendance marked or checked in (attendance) and an
 * approved good practice (practices, `webinar.excused`).
 */
export const gateEventTypes = ['webinar.registered', 'webinar.attended', 'webinar.excused'] as const
