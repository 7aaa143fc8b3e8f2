import type { ProgressionEventType, StepPhase } from '@agora/server/progression'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import type { EnrolmentStatus, StepProgress } from '@agora/server/contract'

export const enrolmentStatuses = [
  'active',
  'completed',
  'withdrawn',
] as const satisfies readonly EnrolmentStatus[]

export function isEnrolmentStatus(value: unknown): value is EnrolmentStatus {
  return typeof value === 'string' && (enrolmentStatuses as readonly string[]).includes(value)
}

// Unknown values (a newer API) are shown as they come rather than hidden.
function label<K extends string>(labels: Record<K, () => string>, value: string): string {
  return Object.hasOwn(labels, value) ? labels[value as K]() : value
}

const statusLabels: Record<EnrolmentStatus, () => string> = {
  active: m.trainer_enrolments_status_active,
  completed: m.trainer_enrolments_status_completed,
  withdrawn: m.trainer_enrolments_status_withdrawn,
}

export const statusLabel = (status: string): string => label(statusLabels, status)

const phaseLabels: Record<StepPhase, () => string> = {
  reading: m.trainer_enrolments_phase_reading,
  quiz: m.trainer_enrolments_phase_quiz,
  failed: m.trainer_enrolments_phase_failed,
  locked: m.trainer_enrolments_phase_locked,
  passed: m.trainer_enrolments_phase_passed,
  open: m.trainer_enrolments_phase_open,
  registered: m.trainer_enrolments_phase_registered,
  attended: m.trainer_enrolments_phase_attended,
  excused: m.trainer_enrolments_phase_excused,
  submitted: m.trainer_enrolments_phase_submitted,
}

export const phaseLabel = (phase: string): string => label(phaseLabels, phase)

const stepStatusLabels: Record<StepProgress['status'], () => string> = {
  done: m.trainer_enrolments_step_done,
  current: m.trainer_enrolments_step_current,
  locked: m.trainer_enrolments_step_locked,
}

export const stepStatusLabel = (status: string): string => label(stepStatusLabels, status)

const kindLabels: Record<StepProgress['kind'], () => string> = {
  module: m.trainer_enrolments_kind_module,
  webinar: m.trainer_enrolments_kind_webinar,
  survey: m.trainer_enrolments_kind_survey,
}

export const kindLabel = (kind: string): string => label(kindLabels, kind)

const eventLabels: Record<ProgressionEventType, () => string> = {
  'module.read': m.trainer_enrolments_event_module_read,
  'quiz.submitted': m.trainer_enrolments_event_quiz_submitted,
  'quiz.retried': m.trainer_enrolments_event_quiz_retried,
  'attempt.granted': m.trainer_enrolments_event_attempt_granted,
  'webinar.registered': m.trainer_enrolments_event_webinar_registered,
  'webinar.attended': m.trainer_enrolments_event_webinar_attended,
  'webinar.excused': m.trainer_enrolments_event_webinar_excused,
  'survey.submitted': m.trainer_enrolments_event_survey_submitted,
  'certificate.issued': m.trainer_enrolments_event_certificate_issued,
}

export const eventLabel = (type: string): string => label(eventLabels, type)

const outcomeLabels: Record<string, () => string> = {
  right: m.trainer_enrolments_outcome_right,
  partial: m.trainer_enrolments_outcome_partial,
  wrong: m.trainer_enrolments_outcome_wrong,
  unanswered: m.trainer_enrolments_outcome_unanswered,
  ungraded: m.trainer_enrolments_outcome_ungraded,
}

export const outcomeLabel = (outcome: string): string => label(outcomeLabels, outcome)

/** A step by its title in the enrolment's language; webinars have none, so they are named here. */
export function stepName(step: Pick<StepProgress, 'slug' | 'kind' | 'title'>): string {
  if (step.title) return step.title
  return step.kind === 'webinar' ? m.trainer_enrolments_webinar({ step: step.slug }) : step.slug
}

// Intl formatters are costly to build and safe to share across requests.
const percentFormats = new Map<string, Intl.NumberFormat>()

/** A share 0..1 as a whole percentage in the reader's language, e.g. "67 %". */
export function percent(ratio: number, locale: string = getLocale()): string {
  let format = percentFormats.get(locale)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })
    percentFormats.set(locale, format)
  }
  return format.format(ratio)
}
