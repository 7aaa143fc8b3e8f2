import type { ProblemType } from '@agora/server/contract'
import { describe, expect, it } from 'vitest'
import type { Failed } from '$lib/server/api'
import { assignableTrainers, assignmentFailure } from './trainers'

const user = (
  id: string,
  name: string,
  roles: ('trainer' | 'admin' | 'learner')[] = ['trainer'],
) => ({
  id,
  name,
  email: `${id}@example.org`,
  roles,
})

function failed(status: number, type: ProblemType, errors?: unknown[]): Failed {
  const problem = { type: `/problems/${type}`, title: 'English for developers', status, errors }
  return { ok: false, status, problem: problem as Failed['problem'], retryAfter: null }
}

describe('assignableTrainers', () => {
  it('offers trainers not yet assigned, by name, with their address', () => {
    const options = assignableTrainers(
      [user('b', 'Vesna'), user('a', 'Ana'), user('c', 'Boris'), user('d', 'Dara', ['learner'])],
      [{ id: 'c' }],
    )
    expect(options).toEqual([
      { value: 'a', label: 'Ana (a@example.org)' },
      { value: 'b', label: 'Vesna (b@example.org)' },
    ])
  })

  it('offers nobody when every trainer is assigned', () => {
    expect(assignableTrainers([user('a', 'Ana')], [{ id: 'a' }])).toEqual([])
  })
})

describe('assignmentFailure', () => {
  it('says the person chosen is not a trainer, on the trainer field', () => {
    const answer = failed(400, 'validation', [
      { pointer: '/params/userId', reason: 'not-allowed', detail: 'is not a trainer' },
    ])
    expect(assignmentFailure(answer)).toEqual({
      message: null,
      errors: { trainer: 'This person does not have the trainer role.' },
    })
  })

  it('explains other problems for the whole form, never in the API’s English', () => {
    const { message, errors } = assignmentFailure(failed(404, 'not-found'))
    expect(errors).toEqual({})
    expect(message).toBeTruthy()
    expect(message).not.toContain('English for developers')
    expect(assignmentFailure(failed(503, 'unavailable')).message).toBeTruthy()
  })
})
