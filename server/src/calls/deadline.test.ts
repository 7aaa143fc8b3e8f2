import { describe, expect, it } from 'vitest'
import { canonicalTimeZone, closingInstant, instantOfLocalTime, localTimeOf } from './deadline.ts'

const instant = (local: string, zone: string) => {
  const result = instantOfLocalTime(local, zone)
  if (!result.ok) throw new Error(`${local} ${zone}: ${result.reason}`)
  return result.instant.toISOString()
}

describe('a deadline in its time zone', () => {
  // 2027: summer time begins on Sunday 28 March at 02:00 and ends on Sunday 31 October at 03:00.
  it.each(['Europe/Belgrade', 'Europe/Stockholm'])(
    'names the instant the clocks of %s show, on either side of both changes',
    (zone) => {
      expect(instant('2027-03-27T23:59', zone)).toBe('2027-03-27T22:59:00.000Z')
      expect(instant('2027-03-28T23:59', zone)).toBe('2027-03-28T21:59:00.000Z')
      expect(instant('2027-10-30T23:59', zone)).toBe('2027-10-30T21:59:00.000Z')
      expect(instant('2027-10-31T23:59', zone)).toBe('2027-10-31T22:59:00.000Z')
    },
  )

  it('refuses a time the spring change skips', () => {
    expect(instantOfLocalTime('2027-03-28T02:30', 'Europe/Belgrade')).toEqual({
      ok: false,
      reason: 'nonexistent',
    })
    expect(instantOfLocalTime('2027-03-28T02:00', 'Europe/Stockholm')).toMatchObject({ ok: false })
    expect(instant('2027-03-28T03:00', 'Europe/Stockholm')).toBe('2027-03-28T01:00:00.000Z')
  })

  it('takes the earlier instant of a time the autumn change repeats', () => {
    expect(instantOfLocalTime('2027-10-31T02:30', 'Europe/Belgrade')).toEqual({
      ok: true,
      instant: new Date('2027-10-31T00:30:00.000Z'),
      ambiguous: true,
    })
    expect(localTimeOf(new Date('2027-10-31T00:30:00Z'), 'Europe/Belgrade')).toBe(
      '2027-10-31T02:30',
    )
  })

  it('refuses unknown zones, bare offsets and impossible dates', () => {
    expect(instantOfLocalTime('2027-01-10T12:00', 'Europe/Atlantis')).toMatchObject({
      reason: 'unknown-zone',
    })
    expect(instantOfLocalTime('2027-01-10T12:00', 'CET')).toMatchObject({ reason: 'unknown-zone' })
    expect(instantOfLocalTime('2027-01-10T12:00', '+01:00')).toMatchObject({
      reason: 'unknown-zone',
    })
    expect(instantOfLocalTime('2027-02-30T12:00', 'Europe/Belgrade')).toMatchObject({
      reason: 'format',
    })
    expect(instantOfLocalTime('2027-01-10T24:00', 'Europe/Belgrade')).toMatchObject({
      reason: 'format',
    })
    expect(canonicalTimeZone('europe/belgrade')).toBe('Europe/Belgrade')
    expect(canonicalTimeZone('UTC')).toBe('UTC')
  })

  it('closes at the end of the named minute', () => {
    expect(closingInstant(new Date('2027-03-28T21:59:00Z')).toISOString()).toBe(
      '2027-03-28T22:00:00.000Z',
    )
  })
})
