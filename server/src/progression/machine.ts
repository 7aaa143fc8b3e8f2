import { and, type AnyStateNodeConfig, assign, setup } from 'xstate'
import type {
  ProgressionContext,
  ProgressionEvent,
  ProgressionRules,
  ProgressionStep,
  StepPhase,
} from './types.ts'

type StepParams = { step: string }
type EventOf<T extends ProgressionEvent['type']> = Extract<ProgressionEvent, { type: T }>

const EPSILON = 1e-9

/**
 * The progression machine of one course version: its steps in order, each a compound state that
 * finishes before the next opens, then `completed` and `certified`. Pure: guards and `assign` only.
 */
export function createProgressionMachine(
  steps: readonly ProgressionStep[],
  rules: ProgressionRules,
) {
  // Steps are states keyed by slug next to `completed` and `certified`: a clash would silently drop
  // a step (the manifest only keeps kind:slug unique, so a webinar and a survey may share a slug).
  const slugs = new Set<string>()
  for (const { kind, slug } of steps) {
    if (slug === 'completed' || slug === 'certified')
      throw new Error(`${kind} '${slug}': the name is reserved for the course's end`)
    if (slugs.has(slug)) throw new Error(`${kind} '${slug}': another step has the same name`)
    slugs.add(slug)
  }
  const allowed = (context: ProgressionContext, step: string) =>
    rules.maxAttempts + (context.granted[step] ?? 0)
  const base = setup({
    types: {
      context: {} as ProgressionContext,
      events: {} as ProgressionEvent,
    },
    guards: {
      isStep: ({ event }, params: StepParams) => 'step' in event && event.step === params.step,
      reachesPassMark: ({ event }) =>
        event.type === 'quiz.submitted' && event.score + EPSILON >= rules.passMark,
      hasAttemptsLeft: ({ context }, params: StepParams) =>
        (context.attempts[params.step] ?? 0) + 1 < allowed(context, params.step),
    },
    actions: {
      recordAttempt: assign(({ context, event }, params: StepParams) => {
        const { score } = event as EventOf<'quiz.submitted'>
        return {
          attempts: {
            ...context.attempts,
            [params.step]: (context.attempts[params.step] ?? 0) + 1,
          },
          scores: {
            ...context.scores,
            [params.step]: Math.max(context.scores[params.step] ?? 0, score),
          },
        }
      }),
      recordOutcome: assign(({ context }, params: StepParams & { outcome: StepPhase }) => ({
        outcomes: { ...context.outcomes, [params.step]: params.outcome },
      })),
      recordGrant: assign(({ context }, params: StepParams) => ({
        granted: { ...context.granted, [params.step]: (context.granted[params.step] ?? 0) + 1 },
      })),
    },
  })

  const states: Record<string, AnyStateNodeConfig> = {}
  steps.forEach((step, index) => {
    const next = steps[index + 1]?.slug ?? 'completed'
    const params = { step: step.slug }
    const isStep = { type: 'isStep', params } as const
    const outcome = (phase: StepPhase) =>
      ({ type: 'recordOutcome', params: { ...params, outcome: phase } }) as const
    if (step.kind === 'module') {
      const submitted = [
        {
          guard: and([isStep, 'reachesPassMark']),
          target: 'passed',
          actions: [{ type: 'recordAttempt', params }, outcome('passed')],
        },
        {
          guard: and([isStep, { type: 'hasAttemptsLeft', params }]),
          target: 'failed',
          actions: { type: 'recordAttempt', params },
        },
        { guard: isStep, target: 'locked', actions: { type: 'recordAttempt', params } },
      ]
      states[step.slug] = {
        initial: 'reading',
        states: {
          reading: { on: { 'module.read': { guard: isStep, target: 'quiz' } } },
          quiz: { on: { 'quiz.submitted': submitted } },
          failed: { on: { 'quiz.retried': { guard: isStep, target: 'quiz' } } },
          locked: {
            on: {
              'attempt.granted': {
                guard: isStep,
                target: 'failed',
                actions: { type: 'recordGrant', params },
              },
            },
          },
          passed: { type: 'final' },
        },
        onDone: next,
      }
    } else if (step.kind === 'webinar') {
      const close = {
        'webinar.attended': { guard: isStep, target: 'attended', actions: outcome('attended') },
        'webinar.excused': { guard: isStep, target: 'excused', actions: outcome('excused') },
      }
      states[step.slug] = {
        initial: 'open',
        states: {
          open: { on: { 'webinar.registered': { guard: isStep, target: 'registered' }, ...close } },
          registered: { on: close },
          attended: { type: 'final' },
          excused: { type: 'final' },
        },
        onDone: next,
      }
    } else {
      states[step.slug] = {
        initial: 'open',
        states: {
          open: {
            on: {
              'survey.submitted': {
                guard: isStep,
                target: 'submitted',
                actions: outcome('submitted'),
              },
            },
          },
          submitted: { type: 'final' },
        },
        onDone: next,
      }
    }
  })

  return base.createMachine({
    id: 'progression',
    context: { attempts: {}, granted: {}, scores: {}, outcomes: {} },
    initial: steps[0]?.slug ?? 'completed',
    states: {
      ...states,
      completed: { on: { 'certificate.issued': 'certified' } },
      certified: { type: 'final' },
    },
  } as Parameters<typeof base.createMachine>[0])
}

export type ProgressionMachine = ReturnType<typeof createProgressionMachine>
