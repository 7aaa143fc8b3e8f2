import { describe, expect, it } from 'vitest'
import { problemBody } from '../http/problem.ts'
import { attemptsExhaustedProblem, refusedProblem, withdrawnProblem } from './problems.ts'

describe('learning problems', () => {
  it('answers an event on a module without attempts left as attempts-exhausted, like a start', () => {
    const standing = { current: '01-intro', phase: 'locked' as const, finished: false }
    const viaEvent = refusedProblem({ type: 'quiz.retried', step: '01-intro' }, standing)
    const viaStart = attemptsExhaustedProblem(standing)
    expect(problemBody(viaEvent, 'id')).toEqual(problemBody(viaStart, 'id'))
    expect(problemBody(viaEvent, 'id')).toMatchObject({
      type: '/problems/attempts-exhausted',
      status: 409,
      current: '01-intro',
      phase: 'locked',
    })
  })

  it('refuses other events with event-refused, naming where the learner stands', () => {
    const refused = refusedProblem(
      { type: 'module.read', step: '02-rights' },
      { current: '01-intro', phase: 'quiz', finished: false },
    )
    expect(problemBody(refused, 'id')).toMatchObject({
      type: '/problems/event-refused',
      detail: expect.stringContaining('01-intro (quiz)'),
    })
  })

  it('builds one withdrawn problem for reads and changes', () => {
    expect(problemBody(withdrawnProblem(), 'id')).toMatchObject({
      type: '/problems/event-refused',
      title: 'Enrolment withdrawn',
      status: 409,
    })
  })
})
