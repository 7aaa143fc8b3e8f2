import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyEvent,
  canApply,
  createProgressionMachine,
  initialProgress,
  type PersistedProgress,
  type ProgressionEvent,
  type ProgressionEventType,
  type ProgressionMachine,
  type ProgressionRules,
  type ProgressionStep,
  replay,
} from './index.ts'
import { allEventTypes, eventOf } from './test-events.ts'

const NUM_RUNS = 300
const FOREIGN = 'foreign_step' // not a valid slug, so never one of the course's
const EPSILON = 1e-9 // the machine's tolerance on the pass mark

interface Course {
  steps: ProgressionStep[]
  rules: ProgressionRules
}

const slugArb = fc
  .stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,5}){0,2}$/)
  .filter((slug) => slug !== 'completed' && slug !== 'certified')

const stepArb: fc.Arbitrary<ProgressionStep> = fc.oneof(
  slugArb.map((slug) => ({ kind: 'module' as const, slug })),
  fc
    .tuple(slugArb, fc.constantFrom('good-practice' as const, null))
    .map(([slug, alternative]) => ({ kind: 'webinar' as const, slug, alternative })),
  slugArb.map((slug) => ({ kind: 'survey' as const, slug })),
)

const courseArb: fc.Arbitrary<Course> = fc.record({
  steps: fc.uniqueArray(stepArb, { minLength: 1, maxLength: 5, selector: (step) => step.slug }),
  rules: fc.record({
    // In (0, 1], with the round marks a manifest usually has.
    passMark: fc.oneof(
      fc.double({ min: 0, max: 1, minExcluded: true, noNaN: true }),
      fc.constantFrom(0.5, 0.6, 0.7, 0.75, 0.8, 1),
    ),
    maxAttempts: fc.integer({ min: 1, max: 4 }),
  }),
})

/**
 * A move is a random event (any type, any of the course's steps or a foreign one, any score), or,
 * so that runs get through whole courses, an event of any type for the step the learner is at, or
 * one of the events the machine takes there (picked by index among those canApply accepts).
 */
type Move =
  | { kind: 'random'; event: ProgressionEvent }
  | { kind: 'current'; type: ProgressionEventType; score: number }
  | { kind: 'legal'; pick: number; score: number }

function movesArb({ steps, rules }: Course): fc.Arbitrary<Move[]> {
  const scoreArb = fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom(
      0,
      1,
      rules.passMark,
      Math.max(0, rules.passMark - EPSILON / 2),
      Math.max(0, rules.passMark - 1e-6),
    ),
  )
  const typeArb = fc.constantFrom(...allEventTypes)
  const stepArb = fc.constantFrom(...steps.map((step) => step.slug), FOREIGN)
  const randomArb = fc
    .tuple(typeArb, stepArb, scoreArb)
    .map(([type, step, score]): Move => ({ kind: 'random', event: eventOf(type, step, score) }))
  const currentArb = fc
    .tuple(typeArb, scoreArb)
    .map(([type, score]): Move => ({ kind: 'current', type, score }))
  const legalArb = fc
    .tuple(fc.nat(), scoreArb)
    .map(([pick, score]): Move => ({ kind: 'legal', pick, score }))
  const moveArb = fc.oneof(
    { arbitrary: randomArb, weight: 3 },
    { arbitrary: currentArb, weight: 3 },
    { arbitrary: legalArb, weight: 2 },
  )
  return fc.array(moveArb, { maxLength: 60, size: 'max' })
}

const scenarioArb = courseArb.chain((course) =>
  movesArb(course).map((moves) => ({ course, moves })),
)

function currentStep(progress: PersistedProgress, steps: readonly ProgressionStep[]): string {
  return typeof progress.value === 'string'
    ? (steps[0]?.slug ?? FOREIGN)
    : Object.keys(progress.value)[0]!
}

function eventFor(
  machine: ProgressionMachine,
  move: Move,
  progress: PersistedProgress,
  steps: readonly ProgressionStep[],
): ProgressionEvent {
  if (move.kind === 'random') return move.event
  const step = currentStep(progress, steps)
  if (move.kind === 'current') return eventOf(move.type, step, move.score)
  const legal = allEventTypes
    .map((type) => eventOf(type, step, move.score))
    .filter((event) => canApply(machine, progress, event))
  // Certified takes nothing: then the move is a certificate, which the machine refuses.
  return legal[move.pick % legal.length] ?? { type: 'certificate.issued' }
}

const isFinished = (progress: PersistedProgress) =>
  progress.value === 'completed' || progress.value === 'certified'

/** Whether a step is finished, judged from the context. */
function finishedInContext(step: ProgressionStep, progress: PersistedProgress): boolean {
  const outcome = progress.context.outcomes[step.slug]
  if (step.kind === 'module') return outcome === 'passed'
  if (step.kind === 'webinar') return outcome === 'attended' || outcome === 'excused'
  return outcome === 'submitted'
}

/** Whether a step is finished, judged only from the events the machine accepted. */
function finishedInLog(
  step: ProgressionStep,
  accepted: readonly ProgressionEvent[],
  passMark: number,
): boolean {
  return accepted.some((event) => {
    if (!('step' in event) || event.step !== step.slug) return false
    if (step.kind === 'module')
      return event.type === 'quiz.submitted' && event.score + EPSILON >= passMark
    if (step.kind === 'webinar')
      return event.type === 'webinar.attended' || event.type === 'webinar.excused'
    return event.type === 'survey.submitted'
  })
}

interface Visit {
  machine: ProgressionMachine
  course: Course
  /** Progress before the move, the event it made, and the progress after (null when refused). */
  before: PersistedProgress
  event: ProgressionEvent
  after: PersistedProgress | null
  /** Events accepted so far, this one included when accepted. */
  accepted: readonly ProgressionEvent[]
}

/** Plays the moves from the start, skipping refused events; calls `visit` after each. */
function play(
  { course, moves }: { course: Course; moves: readonly Move[] },
  visit: (visit: Visit) => void,
) {
  const machine = createProgressionMachine(course.steps, course.rules)
  let progress = initialProgress(machine)
  const accepted: ProgressionEvent[] = []
  for (const move of moves) {
    const event = eventFor(machine, move, progress, course.steps)
    const next = applyEvent(machine, progress, event)
    if (next) accepted.push(event)
    visit({ machine, course, before: progress, event, after: next, accepted })
    if (next) progress = next
  }
  return { machine, progress, accepted }
}

describe('progression properties', () => {
  it('the generated runs get through whole courses, so the properties are not vacuous', () => {
    const runs = {
      completed: 0,
      certified: 0,
      unfinished: 0,
      locked: 0,
      granted: 0,
      refusedForeign: 0,
      refusedCurrent: 0,
    }
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const seen = new Set<keyof typeof runs>()
        const { progress } = play(scenario, ({ event, after, before }) => {
          if (after && JSON.stringify(after.value).includes('locked')) seen.add('locked')
          if (after && event.type === 'attempt.granted') seen.add('granted')
          if (!after && 'step' in event && event.step === FOREIGN) seen.add('refusedForeign')
          if (
            !after &&
            typeof before.value !== 'string' &&
            'step' in event &&
            event.step in before.value
          )
            seen.add('refusedCurrent')
        })
        if (isFinished(progress)) seen.add('completed')
        seen.add(
          progress.value === 'certified'
            ? 'certified'
            : progress.value === 'completed'
              ? 'completed'
              : 'unfinished',
        )
        for (const key of seen) runs[key]++
      }),
      { numRuns: NUM_RUNS },
    )
    for (const [what, count] of Object.entries(runs))
      expect(count, what).toBeGreaterThan(NUM_RUNS / 50)
  })

  it('(a) completed or certified exactly when every step is finished, by the context and by the accepted events', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        play(scenario, ({ course, after, before, event, accepted }) => {
          if (!after) return
          const { steps, rules } = course
          const finished = isFinished(after)
          for (const step of steps) {
            if (finished) {
              expect(finishedInContext(step, after), `${step.kind} ${step.slug} in context`).toBe(
                true,
              )
              expect(
                finishedInLog(step, accepted, rules.passMark),
                `${step.kind} ${step.slug} in log`,
              ).toBe(true)
            }
          }
          // And the other way round: once every step is finished, the course is.
          expect(finished).toBe(steps.every((step) => finishedInContext(step, after)))
          // Certified only by a certificate issued to a completed course.
          if (after.value === 'certified')
            expect(
              before.value === 'certified' ||
                (before.value === 'completed' && event.type === 'certificate.issued'),
            ).toBe(true)
          // Steps finish in the course's order: an outcome only for a step whose predecessors have one.
          const withOutcome = steps.map((step) => step.slug in after.context.outcomes)
          expect(withOutcome).toEqual([...withOutcome].sort((a, b) => Number(b) - Number(a)))
        })
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('(b) replaying the accepted events gives the final stored progress', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { machine, progress, accepted } = play(scenario, () => {})
        expect(replay(machine, accepted)).toEqual(progress)
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('(c) attempts per module never exceed maxAttempts plus the grants', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        play(scenario, ({ course, after }) => {
          if (!after) return
          const { attempts, granted } = after.context
          for (const [slug, count] of Object.entries(attempts)) {
            expect(course.steps.find((step) => step.slug === slug)?.kind).toBe('module')
            expect(count).toBeGreaterThanOrEqual(1)
            expect(count).toBeLessThanOrEqual(course.rules.maxAttempts + (granted[slug] ?? 0))
          }
          // Grants only come when attempts ran out, so they never outnumber the spare ones needed.
          for (const [slug, count] of Object.entries(granted)) {
            expect(attempts[slug]).toBeGreaterThanOrEqual(course.rules.maxAttempts + count - 1)
          }
        })
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('(d) stored progress read back from JSON takes the next event like the one in memory', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        play(scenario, ({ machine, before, event, after }) => {
          const stored = JSON.parse(JSON.stringify(before)) as PersistedProgress
          expect(stored).toEqual(before)
          expect(canApply(machine, stored, event)).toBe(after !== null)
          expect(applyEvent(machine, stored, event)).toEqual(after)
        })
      }),
      { numRuns: NUM_RUNS },
    )
  })
})
