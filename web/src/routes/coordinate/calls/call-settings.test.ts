import { describe, expect, it } from 'vitest'
import { defaultTimeZone, readCallSettings, timeZones } from './call-settings'

function formOf(fields: [string, string][]): FormData {
  const form = new FormData()
  for (const [name, value] of fields) form.append(name, value)
  return form
}

describe('the call settings form', () => {
  it("sets the deadline in the association's country's zone by default", () => {
    expect(defaultTimeZone('RS')).toBe('Europe/Belgrade')
    expect(defaultTimeZone('SE')).toBe('Europe/Stockholm')
    expect(defaultTimeZone(null)).toBe('Europe/Belgrade')
    expect(timeZones()).toEqual(expect.arrayContaining(['Europe/Belgrade', 'Europe/Stockholm']))
  })

  it('reads a municipality call with who may apply', () => {
    const { body, errors } = readCallSettings(
      formOf([
        ['title', ' Call 2027 '],
        ['body', '**Apply**'],
        ['applicantKind', 'municipality'],
        ['maxNominees', '3'],
        ['places', '20'],
        ['deadline', '2027-03-28T23:59'],
        ['timeZone', 'Europe/Belgrade'],
        ['countries', 'RS'],
        ['positions', 'Mayor\n\nMayor\nHead of department'],
      ]),
    )
    expect(errors).toEqual({})
    expect(body).toEqual({
      title: 'Call 2027',
      body: '**Apply**',
      places: 20,
      deadline: '2027-03-28T23:59',
      timeZone: 'Europe/Belgrade',
      applicantKind: 'municipality',
      maxNominees: 3,
      whoMayApply: {
        countries: ['RS'],
        associationIds: [],
        municipalityIds: [],
        positions: ['Mayor', 'Head of department'],
      },
    })
  })

  it('leaves out what an open call keeps, and explains what is wrong', () => {
    const open = readCallSettings(
      formOf([
        ['title', 'T'],
        ['applicantKind', 'person'],
      ]),
      {
        whoMayApplyFixed: true,
      },
    )
    expect(open.body).toEqual({ title: 'T', body: '' })
    const { errors } = readCallSettings(
      formOf([
        ['applicantKind', 'municipality'],
        ['maxNominees', '0'],
        ['places', '2.5'],
        ['deadline', 'soon'],
      ]),
    )
    expect(Object.keys(errors).sort()).toEqual([
      'deadline',
      'maxNominees',
      'places',
      'timeZone',
      'title',
    ])
  })
})
