import { describe, expect, it } from 'vitest'
import { durationText, sessionTime } from './time'

describe('a session’s start told to a reader', () => {
  it('is in the reader’s zone, with the session’s own when the clocks differ', () => {
    const time = sessionTime('2026-03-30T12:00:00Z', 'Europe/Belgrade', 'Europe/London', 'en-GB')
    expect(time.when).toContain('13:00')
    expect(time.zone).toBe('Europe/London, GMT+01:00')
    expect(time.there).toEqual({
      when: expect.stringContaining('14:00'),
      zone: 'Europe/Belgrade, GMT+02:00',
    })
  })

  it('says it once when both zones read the same', () => {
    expect(
      sessionTime('2026-03-30T12:00:00Z', 'Europe/Belgrade', 'Europe/Stockholm', 'en-GB').there,
    ).toBeNull()
  })

  it('words a duration in the reader’s language', () => {
    expect(durationText(90, 'en')).toBe('90 minutes')
    expect(durationText(90, 'sr-Latn')).toMatch(/^90 minut/)
  })
})
