import {
  canApply,
  createProgressionMachine,
  describeProgress,
  type ProgressionEvent,
} from '@agora/server/progression'
import type { Enrolment } from '@agora/server/contract'

const machines = new Map<string, ReturnType<typeof createProgressionMachine>>()

/**
 * The shared machine, rebuilt from the enrolment the API returned: the page predicts what is open
 * and which actions make sense; the server still decides when an action is sent.
 */
export function courseMachine(enrolment: Enrolment) {
  const steps = enrolment.progress.steps.map((step) =>
    step.kind === 'webinar'
      ? { kind: 'webinar' as const, slug: step.slug, alternative: step.alternative }
      : { kind: step.kind, slug: step.slug },
  )
  // A published version never changes, so its machine is built once per process (no user data).
  const key = `${enrolment.course.slug}@${enrolment.course.version}`
  let machine = machines.get(key)
  if (!machine) {
    machine = createProgressionMachine(steps, enrolment.quiz)
    if (machines.size > 200) machines.clear()
    machines.set(key, machine)
  }
  return {
    summary: describeProgress(steps, enrolment.quiz, enrolment.state),
    can: (event: ProgressionEvent) => canApply(machine, enrolment.state, event),
  }
}

/** Where "continue" leads: the current step, its quiz when the module is read, or the course page. */
export function continuePath(enrolment: Enrolment): string {
  const base = `/learn/${enrolment.course.slug}`
  const current = enrolment.progress.steps.find((step) => step.status === 'current')
  if (!current) return base
  if (current.kind === 'module' && current.phase !== 'reading')
    return `${base}/${current.slug}/quiz`
  return `${base}/${current.slug}`
}
