import { describe, expect, it } from 'vitest'
import { deadlineIn, sameWallClock } from './deadline'

describe('a call deadline shown in a time zone', () => {
  it('is the wall clock of the call’s zone, with the offset of that day (across the spring change)', () => {
    // 23:59 in Belgrade on the Saturday before and the Sunday of the change to summer time.
    expect(deadlineIn('2026-03-28T22:59:00Z', 'Europe/Belgrade', 'en-GB')).toMatchObject({
      when: expect.stringContaining('23:59'),
      zone: 'Europe/Belgrade, GMT+01:00',
    })
    expect(deadlineIn('2026-03-29T21:59:00Z', 'Europe/Belgrade', 'en-GB')).toMatchObject({
      when: expect.stringContaining('23:59'),
      zone: 'Europe/Belgrade, GMT+02:00',
    })
  })

  it('shows the same instant in the viewer’s zone when it differs', () => {
    const belgrade = deadlineIn('2026-10-24T21:59:00Z', 'Europe/Belgrade', 'en-GB')
    const london = deadlineIn('2026-10-24T21:59:00Z', 'Europe/London', 'en-GB')
    expect(belgrade.when).toContain('23:59')
    expect(london.when).toContain('22:59')
    expect(sameWallClock('2026-10-24T21:59:00Z', 'Europe/Belgrade', 'Europe/Stockholm')).toBe(true)
    expect(sameWallClock('2026-10-24T21:59:00Z', 'Europe/Belgrade', 'Europe/London')).toBe(false)
  })

  it('falls back to UTC for a zone the runtime does not know, naming the zone as given', () => {
    expect(deadlineIn('2026-03-28T22:59:00Z', 'Mars/Olympus', 'en-GB')).toMatchObject({
      when: expect.stringContaining('22:59'),
      zone: 'Mars/Olympus',
    })
  })
})
