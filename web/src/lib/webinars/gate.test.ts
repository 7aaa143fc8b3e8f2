import type { MyWebinar } from '@agora/server/contract'
import { describe, expect, it } from 'vitest'
import { registeredSession } from './gate'

const now = Date.parse('2027-04-01T08:00:00Z')

function session(fields: Partial<MyWebinar>): MyWebinar {
  return {
    id: 's1',
    enrolmentId: 'e1',
    step: 'peer-exchange',
    mine: true,
    status: 'scheduled',
    startsAt: '2027-04-20T08:00:00Z',
    endsAt: '2027-04-20T09:00:00Z',
    ...fields,
  } as MyWebinar
}

describe('the session a learner at a webinar gate is registered for', () => {
  it('is their coming session of that enrolment and step, whatever the gate says', () => {
    const mine = session({})
    expect(registeredSession([mine], 'e1', 'peer-exchange', now)).toBe(mine)
  })

  it('is none for another enrolment or step, a cancelled or ended session, or one not theirs', () => {
    for (const other of [
      session({ enrolmentId: 'e2' }),
      session({ step: 'wrap-up' }),
      session({ status: 'cancelled' }),
      session({ endsAt: '2027-03-31T09:00:00Z' }),
      session({ mine: false }),
    ])
      expect(registeredSession([other], 'e1', 'peer-exchange', now)).toBeNull()
  })
})
