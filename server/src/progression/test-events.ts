import type { ProgressionEvent, ProgressionEventType } from './types.ts'

/** Every event type, for the machine's tests; `everyTypeListed` fails to compile when one is missing. */
export const allEventTypes = [
  'module.read',
  'quiz.submitted',
  'quiz.retried',
  'attempt.granted',
  'webinar.registered',
  'webinar.attended',
  'webinar.excused',
  'survey.submitted',
  'certificate.issued',
] as const satisfies readonly ProgressionEventType[]
type Unlisted = Exclude<ProgressionEventType, (typeof allEventTypes)[number]>
export const everyTypeListed: [Unlisted] extends [never] ? true : false = true

/** An event of any type for a step (a submit with `score`). */
export function eventOf(type: ProgressionEventType, step: string, score = 1): ProgressionEvent {
  if (type === 'certificate.issued') return { type }
  if (type === 'quiz.submitted') return { type, step, score }
  return { type, step }
}
