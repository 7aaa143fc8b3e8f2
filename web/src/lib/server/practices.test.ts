import { describe, expect, it } from 'vitest'
import { readFilters } from '$lib/practices/filters'
import type { Failed } from './api'
import { practiceFailure, readPracticeForm } from './practices'

const kotor = { value: '5b3f4c1e-2a7d-4c1b-9f3e-1d2c3b4a5e6f', label: 'Kotor' }

function form(fields: Record<string, string>): FormData {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.set(name, value)
  return data
}

const complete = {
  title: ' One counter ',
  countryCode: 'ME',
  area: 'services',
  problem: 'Queues',
  actions: 'One counter',
  results: 'Shorter queues',
  contactRole: 'Head of the service centre',
  body: '  indented code\r\n- item\r\n\r\n',
  language: 'en',
}

describe('readPracticeForm', () => {
  it('sends a municipality of the list with its name, and the Markdown as written', () => {
    const { body, errors } = readPracticeForm(
      form({ ...complete, municipalityId: kotor.value, municipalityName: 'ignored' }),
      [kotor],
    )
    expect(errors).toEqual({})
    expect(body).toMatchObject({
      title: 'One counter',
      municipalityId: kotor.value,
      municipalityName: 'Kotor',
      body: '  indented code\n- item',
      public: false,
    })
  })

  it('sends a typed place as a name with no municipality of the list', () => {
    const { body, errors } = readPracticeForm(
      form({ ...complete, municipalityName: 'Tivat', public: 'on' }),
      [kotor],
    )
    expect(errors).toEqual({})
    expect(body).toMatchObject({ municipalityId: null, municipalityName: 'Tivat', public: true })
  })

  it('names every missing answer, and a municipality not in the country’s list', () => {
    expect(Object.keys(readPracticeForm(form({}), []).errors).toSorted()).toEqual([
      'actions',
      'area',
      'contactRole',
      'countryCode',
      'language',
      'municipalityId',
      'problem',
      'results',
      'title',
    ])
    const { errors } = readPracticeForm(
      form({ ...complete, municipalityId: '0b3f4c1e-2a7d-4c1b-9f3e-1d2c3b4a5e6f' }),
      [kotor],
    )
    expect(Object.keys(errors)).toEqual(['municipalityId'])
  })
})

describe('practiceFailure', () => {
  it('words a contact given as an address apart from the password rule', () => {
    const failed: Failed = {
      ok: false,
      status: 400,
      retryAfter: null,
      problem: {
        type: '/problems/validation',
        title: 'Invalid',
        status: 400,
        errors: [
          { pointer: '/body/contactRole', reason: 'personal-information', detail: 'e-mail' },
        ],
      },
    }
    const { errors } = practiceFailure(failed)
    expect(errors.contactRole).toBe('Give a role or office, not an e-mail address or phone number.')
  })
})

describe('readFilters', () => {
  it('keeps the filters the API accepts and drops the others', () => {
    expect(
      readFilters(new URLSearchParams('q=+raznolikost+&country=rs&area=services&language=sr-Latn')),
    ).toEqual({ q: 'raznolikost', country: 'RS', area: 'services', language: 'sr-Latn' })
    expect(
      readFilters(new URLSearchParams('country=Serbia&area=everything&language=klingon')),
    ).toEqual({ q: '', country: '', area: '', language: '' })
  })
})
