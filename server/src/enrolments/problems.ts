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

/**
 * A webinar gate event sent to the events endpoint: the gate moves only through a session
 * (registration, the attendance list, the learner's check-in) or an approved good practice.
 */
export function notDirectProblem(type: string): Problem {
  return new Problem(
    422,
    'event-not-direct',
    'Not sent directly',
    `${type} is not taken by this endpoint: register with PUT /enrolments/{id}/webinar-registration; ` +
      'attendance comes from PUT /webinars/{id}/attendance or POST /webinars/{id}/check-in; ' +
      'the written alternative from an approved good practice (POST /good-practices).',
    { eventType: type },
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
