import { Problem } from '../http/problem.ts'
import type { ProgressionEvent, Standing } from '../progression/index.ts'

/** Every change and read of a withdrawn enrolment is refused the same way. */
export function withdrawnProblem(): Problem {
  return new Problem(
    409,
    'event-refused',
    'Enrolment withdrawn',
    'This enrolment was withdrawn; enrol again to continue.',
  )
}

export function staleVersionProblem(current: number | undefined, expected: number): Problem {
  return new Problem(
    409,
    'stale-version',
    'Stale version',
    `The enrolment is at version ${current}, not ${expected}; reload and try again.`,
    { currentVersion: current },
  )
}

/** A module whose quiz attempts are all used: only a trainer's grant opens it again. */
export function attemptsExhaustedProblem({ current, phase }: Standing): Problem {
  return new Problem(
    409,
    'attempts-exhausted',
    'No attempts left',
    `No quiz attempts are left for ${current}; a trainer can grant another one.`,
    { current, phase },
  )
}

/** Why the machine refused an event, from where the learner stands. */
export function refusedProblem(event: ProgressionEvent, standing: Standing): Problem {
  const { current, phase } = standing
  if (phase === 'locked') return attemptsExhaustedProblem(standing)
  const where = standing.finished
    ? 'the end of the course'
    : phase
      ? `${current} (${phase})`
      : String(current)
  return new Problem(
    409,
    'event-refused',
    'Not possible now',
    `${event.type} is not possible at this point of the course: the learner is at ${where}.`,
    { current, phase },
  )
}
