import { getInitialSnapshot, transition } from 'xstate'
import type { ProgressionMachine } from './machine.ts'
import type { PersistedProgress, ProgressionEvent, ProgressionStep, StepPhase } from './types.ts'

type Snapshot = ReturnType<ProgressionMachine['resolveState']>

function persist(snapshot: Snapshot): PersistedProgress {
  return { value: snapshot.value as PersistedProgress['value'], context: snapshot.context }
}

function resolve(machine: ProgressionMachine, progress: PersistedProgress): Snapshot {
  return machine.resolveState({ value: progress.value, context: progress.context } as Parameters<
    ProgressionMachine['resolveState']
  >[0])
}

export function initialProgress(machine: ProgressionMachine): PersistedProgress {
  return persist(getInitialSnapshot(machine))
}

/** True when the machine, in the stored state, takes the event (its guards included). */
export function canApply(
  machine: ProgressionMachine,
  progress: PersistedProgress,
  event: ProgressionEvent,
): boolean {
  return resolve(machine, progress).can(event)
}

/** The state after the event, or null when the event is not allowed in this state. */
export function applyEvent(
  machine: ProgressionMachine,
  progress: PersistedProgress,
  event: ProgressionEvent,
): PersistedProgress | null {
  const snapshot = resolve(machine, progress)
  if (!snapshot.can(event)) return null
  const [next] = transition(machine, snapshot, event)
  return persist(next)
}

/** Folds a log of accepted events from the start; an event the machine refuses is a corrupt log. */
export function replay(
  machine: ProgressionMachine,
  events: readonly ProgressionEvent[],
): PersistedProgress {
  let progress = initialProgress(machine)
  for (const [index, event] of events.entries()) {
    const next = applyEvent(machine, progress, event)
    if (!next)
      throw new Error(`event ${index + 1} (${event.type}) is not allowed after the ones before it`)
    progress = next
  }
  return progress
}

/** Where a learner stands: the current step and its phase; both null once the course is done. */
export interface Standing {
  current: string | null
  phase: StepPhase | null
  /** `completed` or `certified`. */
  finished: boolean
}

/** Reads where the learner stands from the stored state: the one place that parses its value. */
export function standingOf(progress: PersistedProgress): Standing {
  const { value } = progress
  if (typeof value === 'string') {
    const finished = value === 'completed' || value === 'certified'
    return { current: finished ? null : value, phase: null, finished }
  }
  const [current, phase] = Object.entries(value)[0] ?? [null, null]
  return { current, phase, finished: false }
}

/** Whether the machine has recorded the step as passed (its quiz reached the pass mark). */
export function hasPassed(progress: PersistedProgress, step: string): boolean {
  return progress.context.outcomes[step] === 'passed'
}

export type StepStatus = 'done' | 'current' | 'locked'

export interface StepProgress {
  slug: string
  kind: ProgressionStep['kind']
  status: StepStatus
  /** Where the step stands; null for steps not reached yet. */
  phase: StepPhase | null
  attempts: number
  attemptsAllowed: number
  score: number | null
}

export interface ProgressSummary {
  steps: StepProgress[]
  /** The step to continue with, or null once every step is done. */
  current: string | null
  completed: boolean
  certified: boolean
  /** Steps done out of all steps, 0..1. */
  ratio: number
}

/** What is done, current and locked, as the web shows it; derived from the stored state only. */
export function describeProgress(
  steps: readonly ProgressionStep[],
  rules: { maxAttempts: number },
  progress: PersistedProgress,
): ProgressSummary {
  const { value, context } = progress
  const { current: currentSlug, phase: currentPhase, finished } = standingOf(progress)
  const currentIndex =
    currentSlug === null ? steps.length : steps.findIndex((step) => step.slug === currentSlug)
  const described = steps.map((step, index): StepProgress => {
    const status: StepStatus =
      index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'locked'
    return {
      slug: step.slug,
      kind: step.kind,
      status,
      phase:
        status === 'current'
          ? currentPhase
          : status === 'done'
            ? (context.outcomes[step.slug] ?? null)
            : null,
      attempts: context.attempts[step.slug] ?? 0,
      attemptsAllowed: rules.maxAttempts + (context.granted[step.slug] ?? 0),
      score: context.scores[step.slug] ?? null,
    }
  })
  const done = described.filter((step) => step.status === 'done').length
  return {
    steps: described,
    current: currentSlug,
    completed: finished,
    certified: value === 'certified',
    ratio: steps.length === 0 ? 1 : done / steps.length,
  }
}
