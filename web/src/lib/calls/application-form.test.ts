import { describe, expect, it } from 'vitest'
import type { Application, FormField } from '@agora/server/contract'
import { readForm, toInput, valuesOf } from './application-form'

const fields: FormField[] = [
  { kind: 'municipality', key: 'municipality', label: 'Municipality', required: true },
  { kind: 'position', key: 'position', label: 'Position', required: true },
  { kind: 'motivation', key: 'motivation', label: 'Why', required: true },
  { kind: 'council-membership', key: 'council-membership', label: 'Council', required: false },
  {
    kind: 'languages',
    key: 'languages',
    label: 'Languages',
    required: false,
    options: ['sr', 'en', 'hu'],
  },
  {
    kind: 'gender',
    key: 'gender',
    label: 'Gender',
    required: false,
    options: [
      { value: 'woman', label: 'Woman' },
      { value: 'man', label: 'Man' },
    ],
  },
  { kind: 'number', key: 'years', label: 'Years', required: false, per: 'nominee' },
]

function post(entries: [string, string][]): FormData {
  const form = new FormData()
  for (const [name, value] of entries) form.append(name, value)
  return form
}

describe('the application form of a person call', () => {
  const form = post([
    ['municipalityId', 'f0000000-0000-4000-8000-000000000001'],
    ['a.position', ' Head of department '],
    ['a.motivation', 'To learn'],
    ['a.council-membership', 'yes'],
    ['a.languages', 'sr'],
    ['a.languages', 'hu'],
    ['a.gender', 'woman'],
    ['a.years', '7'],
  ])

  it('sends questions with the application and position, languages, declared with the applicant', () => {
    const values = readForm(form, fields, false)
    expect(toInput(values, fields, false)).toEqual({
      municipalityId: 'f0000000-0000-4000-8000-000000000001',
      answers: { motivation: 'To learn', 'council-membership': true, years: 7 },
      candidates: [
        { position: 'Head of department', languages: ['sr', 'hu'], declared: { gender: 'woman' } },
      ],
    })
  })

  it('leaves out what was left blank, and "prefer not to say" declares nothing', () => {
    const values = readForm(
      post([
        ['a.gender', ''],
        ['a.motivation', ''],
      ]),
      fields,
      false,
    )
    expect(toInput(values, fields, false)).toEqual({ candidates: [{}] })
  })

  it('shows a stored application as it was typed', () => {
    const application = {
      municipality: { id: 'm1', name: 'Kragujevac', countryCode: 'RS' },
      answers: { motivation: 'To learn', 'council-membership': false },
      candidates: [
        {
          position: 'Clerk',
          languages: ['en'],
          answers: {},
          declared: { gender: 'man' },
        },
      ],
    } as unknown as Application
    expect(valuesOf(application, fields, false)).toEqual({
      municipalityId: 'm1',
      answers: {
        position: 'Clerk',
        motivation: 'To learn',
        'council-membership': 'no',
        languages: ['en'],
        gender: 'man',
        years: '',
      },
      nominees: [],
    })
  })
})

describe('the application form of a municipality call', () => {
  const form = post([
    ['rows', '2'],
    ['a.motivation', 'Our council'],
    ['n0.name', 'Ana Anić'],
    ['n0.email', 'ana@example.org'],
    ['n0.years', '3'],
    ['n1.name', 'Bora Borić'],
    ['n1.email', 'bora@example.org'],
  ])

  it('sends each nominee with their own answers', () => {
    expect(toInput(readForm(form, fields, true), fields, true)).toEqual({
      answers: { motivation: 'Our council' },
      candidates: [
        { name: 'Ana Anić', email: 'ana@example.org', answers: { years: 3 } },
        { name: 'Bora Borić', email: 'bora@example.org' },
      ],
    })
  })

  it('adds and removes rows without losing what was typed', () => {
    expect(readForm(form, fields, true, { add: true }).nominees.map((n) => n.name)).toEqual([
      'Ana Anić',
      'Bora Borić',
      '',
    ])
    expect(readForm(form, fields, true, { remove: 0 }).nominees.map((n) => n.name)).toEqual([
      'Bora Borić',
    ])
  })
})
