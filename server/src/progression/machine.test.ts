import { describe, expect, it } from 'vitest'
import {
  applyEvent,
  canApply,
  createProgressionMachine,
  describeProgress,
  gateEventTypes,
  initialProgress,
  learnerEventTypes,
  type PersistedProgress,
  type ProgressionEvent,
  type ProgressionEventType,
  type ProgressionMachine,
  type ProgressionRules,
  type ProgressionStep,
  replay,
  trainerEventTypes,
} from './index.ts'
import { allEventTypes, eventOf, everyTypeListed } from './test-events.ts'

const read = (step: string): ProgressionEvent => ({ type: 'module.read', step })
const submit = (step: string, score: number): ProgressionEvent => ({
  type: 'quiz.submitted',
  step,
  score,
})
const retry = (step: string): ProgressionEvent => ({ type: 'quiz.retried', step })
const grant = (step: string): ProgressionEvent => ({ type: 'attempt.granted', step })
const register = (step: string): ProgressionEvent => ({ type: 'webinar.registered', step })
const attend = (step: string): ProgressionEvent => ({ type: 'webinar.attended', step })
const excuse = (step: string): ProgressionEvent => ({ type: 'webinar.excused', step })
const answer = (step: string): ProgressionEvent => ({ type: 'survey.submitted', step })
const certify: ProgressionEvent = { type: 'certificate.issued' }

const rules: ProgressionRules = { passMark: 0.7, maxAttempts: 2 }
const course: ProgressionStep[] = [
  { kind: 'module', slug: '01-intro' },
  { kind: 'webinar', slug: 'live-session', alternative: 'good-practice' },
  { kind: 'module', slug: '02-practice' },
  { kind: 'survey', slug: 'feedback' },
]
const emptyContext = { attempts: {}, granted: {}, scores: {}, outcomes: {} }

/** Applies the event and fails the test when the machine refuses it. */
function accept(
  machine: ProgressionMachine,
  progress: PersistedProgress,
  event: ProgressionEvent,
): PersistedProgress {
  expect(
    canApply(machine, progress, event),
    `${event.type} should be allowed in ${JSON.stringify(progress.value)}`,
  ).toBe(true)
  const next = applyEvent(machine, progress, event)
  expect(
    next,
    `${event.type} should be applied in ${JSON.stringify(progress.value)}`,
  ).not.toBeNull()
  return next!
}

/** Checks the machine refuses the event and leaves the stored progress as it was. */
function refuse(machine: ProgressionMachine, progress: PersistedProgress, event: ProgressionEvent) {
  const before = structuredClone(progress)
  const label = `${JSON.stringify(event)} should be refused in ${JSON.stringify(progress.value)}`
  expect(canApply(machine, progress, event), label).toBe(false)
  expect(applyEvent(machine, progress, event), label).toBeNull()
  expect(progress, 'a refused event must not touch the progress').toEqual(before)
}

function applyAll(
  machine: ProgressionMachine,
  events: readonly ProgressionEvent[],
  from = initialProgress(machine),
) {
  return events.reduce((progress, event) => accept(machine, progress, event), from)
}

describe('createProgressionMachine', () => {
  it('starts in the first step', () => {
    const machine = createProgressionMachine(course, rules)
    expect(initialProgress(machine)).toEqual({
      value: { '01-intro': 'reading' },
      context: emptyContext,
    })
    expect(
      initialProgress(createProgressionMachine([{ kind: 'survey', slug: 'before' }], rules)).value,
    ).toEqual({ before: 'open' })
    expect(
      initialProgress(
        createProgressionMachine([{ kind: 'webinar', slug: 'kickoff', alternative: null }], rules),
      ).value,
    ).toEqual({ kickoff: 'open' })
  })

  it('starts completed when there are no steps', () => {
    const machine = createProgressionMachine([], rules)
    expect(initialProgress(machine).value).toBe('completed')
    expect(accept(machine, initialProgress(machine), certify).value).toBe('certified')
  })

  it('refuses step names that clash with another step or with the end states', () => {
    // Found while testing: such a step was silently replaced, e.g. a first survey named `completed`
    // made the course start completed, and a webinar and a survey sharing a slug kept only one.
    expect(() =>
      createProgressionMachine(
        [
          { kind: 'survey', slug: 'completed' },
          { kind: 'module', slug: '01-a' },
        ],
        rules,
      ),
    ).toThrow(/survey 'completed'.*reserved/)
    expect(() =>
      createProgressionMachine(
        [
          { kind: 'module', slug: '01-a' },
          { kind: 'webinar', slug: 'certified', alternative: null },
        ],
        rules,
      ),
    ).toThrow(/webinar 'certified'.*reserved/)
    expect(() =>
      createProgressionMachine(
        [
          { kind: 'webinar', slug: 'meet', alternative: null },
          { kind: 'survey', slug: 'meet' },
        ],
        rules,
      ),
    ).toThrow(/survey 'meet'.*same name/)
    expect(() =>
      createProgressionMachine(
        [
          { kind: 'survey', slug: 'completion' },
          { kind: 'module', slug: '01-completed' },
        ],
        rules,
      ),
    ).not.toThrow()
  })
})

describe('module transitions', () => {
  const machine = createProgressionMachine(course, rules)
  const atQuiz = applyAll(machine, [read('01-intro')])

  it('reading → quiz on module.read', () => {
    const next = accept(machine, initialProgress(machine), read('01-intro'))
    expect(next).toEqual({ value: { '01-intro': 'quiz' }, context: emptyContext })
  })

  it('quiz → passed on a score above the pass mark, which opens the next step', () => {
    const next = accept(machine, atQuiz, submit('01-intro', 0.9))
    expect(next.value).toEqual({ 'live-session': 'open' })
    expect(next.context).toEqual({
      attempts: { '01-intro': 1 },
      granted: {},
      scores: { '01-intro': 0.9 },
      outcomes: { '01-intro': 'passed' },
    })
  })

  it('quiz → passed when the last module passes: the course is completed', () => {
    const single = createProgressionMachine([{ kind: 'module', slug: '01-only' }], rules)
    const next = applyAll(single, [read('01-only'), submit('01-only', 1)])
    expect(next.value).toBe('completed')
    expect(next.context.outcomes).toEqual({ '01-only': 'passed' })
  })

  it('quiz → failed below the pass mark while attempts are left', () => {
    const next = accept(machine, atQuiz, submit('01-intro', 0.5))
    expect(next.value).toEqual({ '01-intro': 'failed' })
    expect(next.context).toEqual({
      attempts: { '01-intro': 1 },
      granted: {},
      scores: { '01-intro': 0.5 },
      outcomes: {},
    })
  })

  it('failed → quiz on quiz.retried, without counting an attempt', () => {
    const failed = accept(machine, atQuiz, submit('01-intro', 0.5))
    const next = accept(machine, failed, retry('01-intro'))
    expect(next.value).toEqual({ '01-intro': 'quiz' })
    expect(next.context).toEqual(failed.context)
  })

  it('quiz → locked on the last allowed attempt failing', () => {
    const next = applyAll(
      machine,
      [submit('01-intro', 0.5), retry('01-intro'), submit('01-intro', 0.6)],
      atQuiz,
    )
    expect(next.value).toEqual({ '01-intro': 'locked' })
    expect(next.context.attempts).toEqual({ '01-intro': 2 })
    expect(next.context.outcomes).toEqual({})
  })

  it('locked → failed on attempt.granted, which adds one attempt', () => {
    const locked = applyAll(
      machine,
      [submit('01-intro', 0.5), retry('01-intro'), submit('01-intro', 0.6)],
      atQuiz,
    )
    const next = accept(machine, locked, grant('01-intro'))
    expect(next.value).toEqual({ '01-intro': 'failed' })
    expect(next.context.granted).toEqual({ '01-intro': 1 })
    expect(next.context.attempts).toEqual({ '01-intro': 2 })
    // Exactly one more attempt: failing it locks again.
    const relocked = applyAll(machine, [retry('01-intro'), submit('01-intro', 0.1)], next)
    expect(relocked.value).toEqual({ '01-intro': 'locked' })
    expect(relocked.context.attempts).toEqual({ '01-intro': 3 })
  })

  it('grants add up: two grants give two more attempts', () => {
    const locked = applyAll(
      machine,
      [submit('01-intro', 0), retry('01-intro'), submit('01-intro', 0)],
      atQuiz,
    )
    const granted = applyAll(
      machine,
      [grant('01-intro'), retry('01-intro'), submit('01-intro', 0), grant('01-intro')],
      locked,
    )
    expect(granted.value).toEqual({ '01-intro': 'failed' })
    expect(granted.context.granted).toEqual({ '01-intro': 2 })
    const onceMore = applyAll(machine, [retry('01-intro'), submit('01-intro', 0)], granted)
    expect(onceMore.value).toEqual({ '01-intro': 'locked' })
    expect(onceMore.context.attempts).toEqual({ '01-intro': 4 })
  })

  it('a granted attempt can pass the module', () => {
    const locked = applyAll(
      machine,
      [submit('01-intro', 0), retry('01-intro'), submit('01-intro', 0)],
      atQuiz,
    )
    const next = applyAll(
      machine,
      [grant('01-intro'), retry('01-intro'), submit('01-intro', 0.7)],
      locked,
    )
    expect(next.value).toEqual({ 'live-session': 'open' })
    expect(next.context).toEqual({
      attempts: { '01-intro': 3 },
      granted: { '01-intro': 1 },
      scores: { '01-intro': 0.7 },
      outcomes: { '01-intro': 'passed' },
    })
  })

  it.each([1, 2, 3])(
    'with maxAttempts %i, that many failures lock the module and no fewer',
    (maxAttempts) => {
      const strict = createProgressionMachine([{ kind: 'module', slug: '01-m' }], {
        passMark: 0.5,
        maxAttempts,
      })
      let progress = applyAll(strict, [read('01-m')])
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        progress = accept(strict, progress, submit('01-m', 0.2))
        expect(progress.context.attempts['01-m']).toBe(attempt)
        if (attempt < maxAttempts) {
          expect(progress.value).toEqual({ '01-m': 'failed' })
          refuse(strict, progress, grant('01-m'))
          progress = accept(strict, progress, retry('01-m'))
        } else {
          expect(progress.value).toEqual({ '01-m': 'locked' })
          refuse(strict, progress, retry('01-m'))
        }
      }
    },
  )

  it.each([1, 2, 3])(
    'with maxAttempts %i, the last allowed attempt can still pass',
    (maxAttempts) => {
      const strict = createProgressionMachine([{ kind: 'module', slug: '01-m' }], {
        passMark: 0.5,
        maxAttempts,
      })
      const failures = Array.from({ length: maxAttempts - 1 }, () => [
        submit('01-m', 0.2),
        retry('01-m'),
      ]).flat()
      const done = applyAll(strict, [read('01-m'), ...failures, submit('01-m', 0.5)])
      expect(done.value).toBe('completed')
      expect(done.context.attempts['01-m']).toBe(maxAttempts)
    },
  )

  it('keeps the best score of all attempts', () => {
    const lenient = createProgressionMachine([{ kind: 'module', slug: '01-m' }], {
      passMark: 0.9,
      maxAttempts: 4,
    })
    const p1 = applyAll(lenient, [read('01-m'), submit('01-m', 0.5)])
    expect(p1.context.scores['01-m']).toBe(0.5)
    const p2 = applyAll(lenient, [retry('01-m'), submit('01-m', 0.3)], p1)
    expect(p2.context.scores['01-m']).toBe(0.5)
    const p3 = applyAll(lenient, [retry('01-m'), submit('01-m', 0.8)], p2)
    expect(p3.context.scores['01-m']).toBe(0.8)
    const p4 = applyAll(lenient, [retry('01-m'), submit('01-m', 0.95)], p3)
    expect(p4.value).toBe('completed')
    expect(p4.context.scores['01-m']).toBe(0.95)
  })

  it('a zero score is recorded as an attempt with score 0', () => {
    const next = accept(machine, atQuiz, submit('01-intro', 0))
    expect(next.context.scores).toEqual({ '01-intro': 0 })
    expect(next.context.attempts).toEqual({ '01-intro': 1 })
  })
})

describe('the pass mark', () => {
  const outcome = (passMark: number, score: number) => {
    const machine = createProgressionMachine([{ kind: 'module', slug: '01-m' }], {
      passMark,
      maxAttempts: 2,
    })
    const next = applyAll(machine, [read('01-m'), submit('01-m', score)])
    return next.value === 'completed' ? 'passed' : (next.value as Record<string, string>)['01-m']
  }

  it.each([
    // [passMark, score, expected, why]
    [0.7, 0.7, 'passed', 'exactly the pass mark'],
    [0.7, 7 / 10, 'passed', '7 of 10 points'],
    [0.7, 14 / 20, 'passed', '14 of 20 points'],
    [0.7, (0.7 * 3) / 3, 'passed', '0.6999999999999998, a rounding error below'],
    [0.7, 0.1 * 7, 'passed', '0.7000000000000001'],
    [0.7, 5 / 7, 'passed', '5 of 7 points is above 0.7'],
    [0.7, 4 / 7, 'failed', '4 of 7 points is below 0.7'],
    [0.7, 0.69, 'failed', 'one hundredth below'],
    [0.7, 0.7 - 1e-6, 'failed', 'a millionth below is a real miss'],
    [0.7, 0.7 - 1e-9, 'passed', 'the edge of the tolerance of 1e-9'],
    [0.7, 0.7 - 2e-9, 'failed', 'just past the tolerance'],
    [1, 1 - 1e-9, 'passed', 'the edge of the tolerance at 1'],
    [5 / 7, (1 / 7) * 5, 'passed', '0.7142857142857142 against 0.7142857142857143'],
    [5 / 7, 5 / 7, 'passed', 'the same fraction'],
    [5 / 7, 4 / 7, 'failed', 'one point short'],
    [1, 1, 'passed', 'a pass mark of 1 needs every point'],
    [1, (0.1 + 0.2) / 0.3, 'passed', '1.0000000000000002'],
    [1, 0.999, 'failed', 'almost every point is not enough'],
    [0.5, 0.5, 'passed', 'half'],
    [0.5, 0, 'failed', 'nothing'],
    [0.01, 0.01, 'passed', 'a tiny pass mark reached'],
    [0.01, 0, 'failed', 'a tiny pass mark missed'],
  ])('passMark %s, score %s → %s (%s)', (passMark, score, expected) => {
    expect(outcome(passMark, score)).toBe(expected)
  })
})

describe('webinar transitions', () => {
  const machine = createProgressionMachine(course, rules)
  const atWebinar = applyAll(machine, [read('01-intro'), submit('01-intro', 1)])

  it('open → registered on webinar.registered', () => {
    const next = accept(machine, atWebinar, register('live-session'))
    expect(next.value).toEqual({ 'live-session': 'registered' })
    expect(next.context).toEqual(atWebinar.context)
  })

  it.each([
    ['attended', attend],
    ['excused', excuse],
  ] as const)('open → %s, without registering, opens the next step', (outcome, event) => {
    const next = accept(machine, atWebinar, event('live-session'))
    expect(next.value).toEqual({ '02-practice': 'reading' })
    expect(next.context.outcomes).toEqual({ '01-intro': 'passed', 'live-session': outcome })
  })

  it.each([
    ['attended', attend],
    ['excused', excuse],
  ] as const)('registered → %s opens the next step', (outcome, event) => {
    const next = accept(
      machine,
      accept(machine, atWebinar, register('live-session')),
      event('live-session'),
    )
    expect(next.value).toEqual({ '02-practice': 'reading' })
    expect(next.context.outcomes).toEqual({ '01-intro': 'passed', 'live-session': outcome })
  })

  it('a webinar as the last step completes the course', () => {
    const machine = createProgressionMachine(
      [
        { kind: 'module', slug: '01-m' },
        { kind: 'webinar', slug: 'closing', alternative: null },
      ],
      rules,
    )
    expect(applyAll(machine, [read('01-m'), submit('01-m', 1), excuse('closing')]).value).toBe(
      'completed',
    )
  })
})

describe('survey transitions', () => {
  it('open → submitted on survey.submitted, completing the course when it is last', () => {
    const machine = createProgressionMachine(course, rules)
    const atSurvey = applyAll(machine, [
      read('01-intro'),
      submit('01-intro', 1),
      attend('live-session'),
      read('02-practice'),
      submit('02-practice', 0.8),
    ])
    expect(atSurvey.value).toEqual({ feedback: 'open' })
    const next = accept(machine, atSurvey, answer('feedback'))
    expect(next.value).toBe('completed')
    expect(next.context.outcomes.feedback).toBe('submitted')
  })

  it('a survey before a module opens the module', () => {
    const machine = createProgressionMachine(
      [
        { kind: 'survey', slug: 'before' },
        { kind: 'module', slug: '01-m' },
      ],
      rules,
    )
    expect(accept(machine, initialProgress(machine), answer('before')).value).toEqual({
      '01-m': 'reading',
    })
  })
})

describe('completed and certified', () => {
  const machine = createProgressionMachine([{ kind: 'module', slug: '01-m' }], rules)
  const completed = applyAll(machine, [read('01-m'), submit('01-m', 1)])

  it('completed → certified on certificate.issued, keeping the context', () => {
    const next = accept(machine, completed, certify)
    expect(next).toEqual({ value: 'certified', context: completed.context })
  })

  it('certified is final', () => {
    const certified = accept(machine, completed, certify)
    for (const type of allEventTypes) refuse(machine, certified, eventOf(type, '01-m'))
  })
})

describe('every event a state does not take is refused', () => {
  const machine = createProgressionMachine(course, rules)
  const slugs = course.map((step) => step.slug)
  const foreign = 'not-in-this-course'
  const passed01 = [read('01-intro'), submit('01-intro', 1)]
  const toSecondModule = [...passed01, attend('live-session')]
  const toSurvey = [...toSecondModule, read('02-practice'), submit('02-practice', 1)]

  // Every state a learner of this course can be in, how to get there and what it takes.
  const states: {
    name: string
    log: ProgressionEvent[]
    step: string | null
    legal: ProgressionEventType[]
  }[] = [
    { name: 'first module reading', log: [], step: '01-intro', legal: ['module.read'] },
    {
      name: 'first module quiz',
      log: [read('01-intro')],
      step: '01-intro',
      legal: ['quiz.submitted'],
    },
    {
      name: 'first module failed',
      log: [read('01-intro'), submit('01-intro', 0)],
      step: '01-intro',
      legal: ['quiz.retried'],
    },
    {
      name: 'first module locked',
      log: [read('01-intro'), submit('01-intro', 0), retry('01-intro'), submit('01-intro', 0)],
      step: '01-intro',
      legal: ['attempt.granted'],
    },
    {
      name: 'first module failed after a grant',
      log: [
        read('01-intro'),
        submit('01-intro', 0),
        retry('01-intro'),
        submit('01-intro', 0),
        grant('01-intro'),
      ],
      step: '01-intro',
      legal: ['quiz.retried'],
    },
    {
      name: 'webinar open',
      log: passed01,
      step: 'live-session',
      legal: ['webinar.registered', 'webinar.attended', 'webinar.excused'],
    },
    {
      name: 'webinar registered',
      log: [...passed01, register('live-session')],
      step: 'live-session',
      legal: ['webinar.attended', 'webinar.excused'],
    },
    {
      name: 'second module reading',
      log: toSecondModule,
      step: '02-practice',
      legal: ['module.read'],
    },
    {
      name: 'second module quiz',
      log: [...toSecondModule, read('02-practice')],
      step: '02-practice',
      legal: ['quiz.submitted'],
    },
    {
      name: 'second module failed',
      log: [...toSecondModule, read('02-practice'), submit('02-practice', 0.1)],
      step: '02-practice',
      legal: ['quiz.retried'],
    },
    {
      name: 'second module locked',
      log: [
        ...toSecondModule,
        read('02-practice'),
        submit('02-practice', 0.1),
        retry('02-practice'),
        submit('02-practice', 0.1),
      ],
      step: '02-practice',
      legal: ['attempt.granted'],
    },
    { name: 'survey open', log: toSurvey, step: 'feedback', legal: ['survey.submitted'] },
    {
      name: 'completed',
      log: [...toSurvey, answer('feedback')],
      step: null,
      legal: ['certificate.issued'],
    },
    { name: 'certified', log: [...toSurvey, answer('feedback'), certify], step: null, legal: [] },
  ]

  it('the table reaches every state of every kind of step', () => {
    const phases = new Set(
      states.map(({ log }) => {
        const { value } = replay(machine, log)
        return typeof value === 'string' ? value : Object.values(value)[0]
      }),
    )
    expect([...phases].sort()).toEqual([
      'certified',
      'completed',
      'failed',
      'locked',
      'open',
      'quiz',
      'reading',
      'registered',
    ])
  })

  describe.each(states)('$name', ({ log, step, legal }) => {
    const progress = replay(machine, log)

    if (step !== null) {
      it('is in the expected step', () => {
        expect(Object.keys(progress.value as Record<string, string>)).toEqual([step])
      })
    }

    it.each(allEventTypes.filter((type) => type !== 'certificate.issued'))(
      '%s for the current step',
      (type) => {
        // A failing and a passing score, so no guard on the score lets a quiz submission through.
        for (const score of [0, 1]) {
          const event = eventOf(type, step ?? slugs[0]!, score)
          if (legal.includes(type) && step !== null) accept(machine, progress, event)
          else refuse(machine, progress, event)
        }
      },
    )

    it.each(allEventTypes.filter((type) => type !== 'certificate.issued'))(
      '%s for any other step',
      (type) => {
        for (const other of [...slugs.filter((slug) => slug !== step), foreign, '']) {
          for (const score of [0, 1]) refuse(machine, progress, eventOf(type, other, score))
        }
      },
    )

    it('certificate.issued', () => {
      if (legal.includes('certificate.issued')) accept(machine, progress, certify)
      else refuse(machine, progress, certify)
    })
  })
})

describe('courses of other shapes', () => {
  it('a course without a webinar goes from module to survey', () => {
    const steps: ProgressionStep[] = [
      { kind: 'module', slug: '01-a' },
      { kind: 'module', slug: '02-b' },
      { kind: 'survey', slug: 'feedback' },
    ]
    const machine = createProgressionMachine(steps, rules)
    let progress = applyAll(machine, [read('01-a'), submit('01-a', 0.75)])
    expect(progress.value).toEqual({ '02-b': 'reading' })
    for (const type of ['webinar.registered', 'webinar.attended', 'webinar.excused'] as const) {
      for (const slug of ['02-b', 'feedback', 'live-session'])
        refuse(machine, progress, eventOf(type, slug))
    }
    progress = applyAll(
      machine,
      [read('02-b'), submit('02-b', 0.2), retry('02-b'), submit('02-b', 0.9)],
      progress,
    )
    expect(progress.value).toEqual({ feedback: 'open' })
    progress = applyAll(machine, [answer('feedback'), certify], progress)
    expect(progress).toEqual({
      value: 'certified',
      context: {
        attempts: { '01-a': 1, '02-b': 2 },
        granted: {},
        scores: { '01-a': 0.75, '02-b': 0.9 },
        outcomes: { '01-a': 'passed', '02-b': 'passed', feedback: 'submitted' },
      },
    })
  })

  it('a course of one module', () => {
    const machine = createProgressionMachine([{ kind: 'module', slug: '01-only' }], {
      passMark: 0.8,
      maxAttempts: 1,
    })
    const start = initialProgress(machine)
    expect(start.value).toEqual({ '01-only': 'reading' })
    refuse(machine, start, certify)
    refuse(machine, start, submit('01-only', 1))
    const locked = applyAll(machine, [read('01-only'), submit('01-only', 0.79)])
    expect(locked.value).toEqual({ '01-only': 'locked' })
    const done = applyAll(
      machine,
      [grant('01-only'), retry('01-only'), submit('01-only', 0.8)],
      locked,
    )
    expect(done.value).toBe('completed')
    expect(accept(machine, done, certify).value).toBe('certified')
  })

  it('two webinars in a row keep their own outcomes', () => {
    const machine = createProgressionMachine(
      [
        { kind: 'module', slug: '01-m' },
        { kind: 'webinar', slug: 'first', alternative: null },
        { kind: 'webinar', slug: 'second', alternative: 'good-practice' },
      ],
      rules,
    )
    const atFirst = applyAll(machine, [read('01-m'), submit('01-m', 1)])
    refuse(machine, atFirst, attend('second'))
    const atSecond = accept(machine, atFirst, register('first'))
    refuse(machine, atSecond, excuse('second'))
    const done = applyAll(
      machine,
      [excuse('first'), register('second'), attend('second')],
      atSecond,
    )
    expect(done.value).toBe('completed')
    expect(done.context.outcomes).toEqual({
      '01-m': 'passed',
      first: 'excused',
      second: 'attended',
    })
  })

  it('modules keep attempts, grants and scores apart', () => {
    const machine = createProgressionMachine(
      [
        { kind: 'module', slug: '01-a' },
        { kind: 'module', slug: '02-b' },
      ],
      { passMark: 0.5, maxAttempts: 1 },
    )
    const progress = applyAll(machine, [
      read('01-a'),
      submit('01-a', 0.4),
      grant('01-a'),
      retry('01-a'),
      submit('01-a', 0.6),
      read('02-b'),
      submit('02-b', 0.3),
    ])
    expect(progress).toEqual({
      value: { '02-b': 'locked' },
      context: {
        attempts: { '01-a': 2, '02-b': 1 },
        granted: { '01-a': 1 },
        scores: { '01-a': 0.6, '02-b': 0.3 },
        outcomes: { '01-a': 'passed' },
      },
    })
  })
})

describe('stored progress', () => {
  it('resumes the same from its JSON as from memory', () => {
    const machine = createProgressionMachine(course, rules)
    const log = [
      read('01-intro'),
      submit('01-intro', 0.2),
      retry('01-intro'),
      submit('01-intro', 0.2),
      grant('01-intro'),
      retry('01-intro'),
    ]
    let progress = initialProgress(machine)
    for (const event of [
      ...log,
      submit('01-intro', 0.9),
      register('live-session'),
      excuse('live-session'),
      read('02-practice'),
    ]) {
      const stored = JSON.parse(JSON.stringify(progress)) as PersistedProgress
      const next = accept(machine, stored, event)
      expect(next).toEqual(accept(machine, progress, event))
      progress = next
    }
  })
})

describe('replay', () => {
  const machine = createProgressionMachine(course, rules)

  it('gives the initial progress for an empty log', () => {
    expect(replay(machine, [])).toEqual(initialProgress(machine))
  })

  it('folds a log like applying its events one by one', () => {
    const log = [
      read('01-intro'),
      submit('01-intro', 0.3),
      retry('01-intro'),
      submit('01-intro', 0.7),
      register('live-session'),
      attend('live-session'),
    ]
    expect(replay(machine, log)).toEqual(applyAll(machine, log))
  })

  it('names the first refused event by its position, counting from 1', () => {
    expect(() => replay(machine, [submit('01-intro', 1)])).toThrow(
      'event 1 (quiz.submitted) is not allowed after the ones before it',
    )
    expect(() => replay(machine, [read('01-intro'), read('01-intro')])).toThrow(
      'event 2 (module.read) is not allowed',
    )
    expect(() =>
      replay(machine, [
        read('01-intro'),
        submit('01-intro', 1),
        attend('live-session'),
        read('feedback'),
        certify,
      ]),
    ).toThrow('event 4 (module.read) is not allowed')
    expect(() => replay(machine, [read('01-intro'), submit('01-intro', 0), certify])).toThrow(
      'event 3 (certificate.issued)',
    )
  })
})

describe('describeProgress', () => {
  const machine = createProgressionMachine(course, rules)
  const describeLog = (log: ProgressionEvent[]) =>
    describeProgress(course, rules, replay(machine, log))

  it('at the start: the first step current, the others locked', () => {
    expect(describeLog([])).toEqual({
      steps: [
        {
          slug: '01-intro',
          kind: 'module',
          status: 'current',
          phase: 'reading',
          attempts: 0,
          attemptsAllowed: 2,
          score: null,
        },
        {
          slug: 'live-session',
          kind: 'webinar',
          status: 'locked',
          phase: null,
          attempts: 0,
          attemptsAllowed: 2,
          score: null,
        },
        {
          slug: '02-practice',
          kind: 'module',
          status: 'locked',
          phase: null,
          attempts: 0,
          attemptsAllowed: 2,
          score: null,
        },
        {
          slug: 'feedback',
          kind: 'survey',
          status: 'locked',
          phase: null,
          attempts: 0,
          attemptsAllowed: 2,
          score: null,
        },
      ],
      current: '01-intro',
      completed: false,
      certified: false,
      ratio: 0,
    })
  })

  it('shows the current phase of a module, with attempts and the best score', () => {
    for (const [log, phase] of [
      [[read('01-intro')], 'quiz'],
      [[read('01-intro'), submit('01-intro', 0.4)], 'failed'],
      [
        [read('01-intro'), submit('01-intro', 0.4), retry('01-intro'), submit('01-intro', 0.2)],
        'locked',
      ],
    ] as const) {
      const summary = describeLog([...log])
      expect(summary.current).toBe('01-intro')
      expect(summary.steps[0]).toMatchObject({ status: 'current', phase })
    }
    const locked = describeLog([
      read('01-intro'),
      submit('01-intro', 0.4),
      retry('01-intro'),
      submit('01-intro', 0.2),
    ])
    expect(locked.steps[0]).toMatchObject({ attempts: 2, attemptsAllowed: 2, score: 0.4 })
    expect(locked.ratio).toBe(0)
  })

  it('counts granted attempts in attemptsAllowed of that module only', () => {
    const summary = describeLog([
      read('01-intro'),
      submit('01-intro', 0),
      retry('01-intro'),
      submit('01-intro', 0),
      grant('01-intro'),
    ])
    expect(summary.steps[0]).toMatchObject({
      status: 'current',
      phase: 'failed',
      attempts: 2,
      attemptsAllowed: 3,
    })
    expect(summary.steps[2]).toMatchObject({ attemptsAllowed: 2 })
    const twice = describeLog([
      read('01-intro'),
      submit('01-intro', 0),
      retry('01-intro'),
      submit('01-intro', 0),
      grant('01-intro'),
      retry('01-intro'),
      submit('01-intro', 0),
      grant('01-intro'),
      retry('01-intro'),
      submit('01-intro', 1),
    ])
    expect(twice.steps[0]).toEqual({
      slug: '01-intro',
      kind: 'module',
      status: 'done',
      phase: 'passed',
      attempts: 4,
      attemptsAllowed: 4,
      score: 1,
    })
  })

  it('marks finished steps done with their outcome, and the ratio of done steps', () => {
    const registered = describeLog([
      read('01-intro'),
      submit('01-intro', 0.9),
      register('live-session'),
    ])
    expect(registered.steps.map((step) => [step.status, step.phase])).toEqual([
      ['done', 'passed'],
      ['current', 'registered'],
      ['locked', null],
      ['locked', null],
    ])
    expect(registered.steps[0]).toMatchObject({ attempts: 1, score: 0.9 })
    expect(registered.current).toBe('live-session')
    expect(registered.ratio).toBe(0.25)

    const open = describeLog([read('01-intro'), submit('01-intro', 0.9)])
    expect(open.steps[1]).toMatchObject({
      status: 'current',
      phase: 'open',
      score: null,
      attempts: 0,
    })
  })

  it.each(['attended', 'excused'] as const)(
    'shows a webinar %s as its phase once done',
    (outcome) => {
      const summary = describeLog([
        read('01-intro'),
        submit('01-intro', 1),
        outcome === 'attended' ? attend('live-session') : excuse('live-session'),
      ])
      expect(summary.steps[1]).toMatchObject({ status: 'done', phase: outcome })
      expect(summary.steps[2]).toMatchObject({ status: 'current', phase: 'reading' })
      expect(summary.ratio).toBe(0.5)
    },
  )

  it('at the survey, three of four steps are done', () => {
    const summary = describeLog([
      read('01-intro'),
      submit('01-intro', 1),
      excuse('live-session'),
      read('02-practice'),
      submit('02-practice', 1),
    ])
    expect(summary.steps.map((step) => step.status)).toEqual(['done', 'done', 'done', 'current'])
    expect(summary.steps.map((step) => step.phase)).toEqual(['passed', 'excused', 'passed', 'open'])
    expect(summary.ratio).toBe(0.75)
    expect(summary.current).toBe('feedback')
  })

  it('completed and certified: everything done, nothing current', () => {
    const log = [
      read('01-intro'),
      submit('01-intro', 1),
      attend('live-session'),
      read('02-practice'),
      submit('02-practice', 0.7),
      answer('feedback'),
    ]
    const completed = describeLog(log)
    expect(completed.steps.map((step) => [step.status, step.phase])).toEqual([
      ['done', 'passed'],
      ['done', 'attended'],
      ['done', 'passed'],
      ['done', 'submitted'],
    ])
    expect(completed).toMatchObject({ current: null, completed: true, certified: false, ratio: 1 })
    const certified = describeLog([...log, certify])
    expect(certified).toMatchObject({ current: null, completed: true, certified: true, ratio: 1 })
    expect(certified.steps).toEqual(completed.steps)
  })

  it('a course without steps is complete', () => {
    const machine = createProgressionMachine([], rules)
    expect(describeProgress([], rules, initialProgress(machine))).toEqual({
      steps: [],
      current: null,
      completed: true,
      certified: false,
      ratio: 1,
    })
  })

  it('works on the stored JSON', () => {
    const progress = replay(machine, [
      read('01-intro'),
      submit('01-intro', 1),
      register('live-session'),
    ])
    expect(describeProgress(course, rules, JSON.parse(JSON.stringify(progress)))).toEqual(
      describeProgress(course, rules, progress),
    )
  })
})

describe('who sends which event', () => {
  it('learner, trainer and gate events are distinct, and with quiz and certificate events cover every type', () => {
    expect(everyTypeListed).toBe(true)
    const learner: readonly string[] = learnerEventTypes
    const trainer: readonly string[] = trainerEventTypes
    const gate: readonly string[] = gateEventTypes
    expect(learner.filter((type) => trainer.includes(type) || gate.includes(type))).toEqual([])
    expect(trainer.filter((type) => gate.includes(type))).toEqual([])
    expect(
      [...learner, ...trainer, ...gate, 'quiz.submitted', 'certificate.issued'].sort(),
    ).toEqual([...allEventTypes].sort())
  })
})
