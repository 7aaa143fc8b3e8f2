import type { ProblemType } from '@agora/server/contract'
import { describe, expect, it } from 'vitest'
import type { Failed, Problem } from './api'
import { checkInProblem, registrationProblem, sessionFailure } from './webinars'

function failed(
  status: number,
  type: ProblemType,
  extra: Partial<Problem> = {},
  retryAfter: number | null = null,
): Failed {
  const problem = { type: `/problems/${type}`, title: 'English title', status, detail: 'English' }
  return { ok: false, status, problem: { ...problem, ...extra }, retryAfter }
}

describe('a refused check-in in the learner’s words', () => {
  it('puts a wrong code beside the field', () => {
    const answer = checkInProblem(
      failed(422, 'check-in-refused', {
        reason: 'wrong-code',
        errors: [{ pointer: '/body/code', reason: 'invalid', detail: 'x' }],
      }),
    )
    expect(answer.message).toBeNull()
    expect(answer.code).toContain('not the session')
  })

  it('says when check-in is open for a closed window', () => {
    expect(checkInProblem(failed(422, 'check-in-refused', { reason: 'closed' })).message).toContain(
      '15 minutes before',
    )
  })

  it('says when to try again after too many wrong codes', () => {
    const answer = checkInProblem(failed(429, 'rate-limited', {}, 600))
    expect(answer.message).toContain('Too many wrong codes')
    expect(answer.message).toContain('10 minutes')
  })
})

describe('a refused registration', () => {
  it('explains a full or started session as a conflict, a vanished one as gone', () => {
    expect(registrationProblem(failed(409, 'conflict'))).toContain('full or has already started')
    expect(registrationProblem(failed(404, 'not-found'))).toContain('no longer offered')
  })
})

describe('a refused session form', () => {
  it('words the start and the zone on their fields', () => {
    const { errors } = sessionFailure(
      failed(400, 'validation', {
        errors: [
          { pointer: '/body/start', reason: 'too-small', detail: 'x' },
          { pointer: '/body/timeZone', reason: 'not-allowed', detail: 'x' },
        ],
      }),
    )
    expect(errors.date).toContain('has passed')
    expect(errors.timeZone).toContain('from the list')
  })
})
