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
export const learnerEventTypes = [
  'module.read',
  'quiz.retried',
  'webinar.registered',
  'survey.submitted',
] as const
/** Events a trainer of the course may send: attendance, excusal and extra attempts. */
export const trainerEventTypes = ['attempt.granted', 'webinar.attended', 'webinar.excused'] as const
