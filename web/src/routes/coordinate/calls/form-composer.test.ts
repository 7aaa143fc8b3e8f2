import { describe, expect, it } from 'vitest'
import type { FormField } from '@agora/server/contract'
import {
  applyComposerOp,
  composerControl,
  keyFor,
  optionsFrom,
  readComposer,
  type NewFieldValues,
} from './form-composer'

function formOf(fields: [string, string][]): FormData {
  const form = new FormData()
  for (const [name, value] of fields) form.append(name, value)
  return form
}

const position: FormField = { kind: 'position', key: 'position', label: 'Position', required: true }
const sector: FormField = {
  kind: 'choice',
  key: 'sector',
  label: 'Sector',
  required: false,
  options: [
    { value: 'finance', label: 'Finance' },
    { value: 'urban-planning', label: 'Urban planning' },
  ],
}
const nothingAdded: NewFieldValues = {
  builtin: '',
  kind: '',
  label: '',
  options: '',
  required: false,
}

describe('the form composer', () => {
  it('reads every field back as its controls say, keeping what the page does not edit', () => {
    const { fields, op } = readComposer(
      formOf([
        ['f.0.json', JSON.stringify(position)],
        ['f.0.label', ' Your position '],
        ['f.1.json', JSON.stringify({ ...sector, per: 'nominee' })],
        ['f.1.label', 'Sector'],
        ['f.1.required', 'on'],
        ['f.1.options', 'Finance\nUrban planning and housing\n\nFinance'],
        ['op', 'down:0'],
      ]),
    )
    expect(op).toEqual({ kind: 'down', index: 0 })
    expect(fields).toEqual([
      { kind: 'position', key: 'position', label: 'Your position', required: false },
      {
        kind: 'choice',
        key: 'sector',
        label: 'Sector',
        required: true,
        per: 'nominee',
        options: [
          { value: 'finance', label: 'Finance' },
          { value: 'urban-planning-and-housing', label: 'Urban planning and housing' },
        ],
      },
    ])
  })

  it('moves, removes and adds fields', () => {
    expect(
      applyComposerOp([position, sector], { kind: 'down', index: 0 }, nothingAdded, []).fields,
    ).toEqual([sector, position])
    expect(
      applyComposerOp([position, sector], { kind: 'up', index: 0 }, nothingAdded, []).fields,
    ).toEqual([position, sector])
    expect(
      applyComposerOp([position, sector], { kind: 'remove', index: 0 }, nothingAdded, []).fields,
    ).toEqual([sector])
    const builtIn = applyComposerOp(
      [position],
      { kind: 'add-builtin' },
      { ...nothingAdded, builtin: 'languages' },
      ['sr-Latn', 'en'],
    )
    expect(builtIn.fields[1]).toEqual({
      kind: 'languages',
      key: 'languages',
      label: 'Languages',
      required: false,
      options: ['sr-Latn', 'en'],
    })
    const custom = applyComposerOp(
      [position],
      { kind: 'add-custom' },
      { ...nothingAdded, kind: 'choice', label: 'Your sector', options: 'Finance\nSocial care' },
      [],
    )
    expect(custom.errors).toEqual({})
    expect(custom.fields[1]).toEqual({
      kind: 'choice',
      key: 'your-sector',
      label: 'Your sector',
      required: false,
      options: [
        { value: 'finance', label: 'Finance' },
        { value: 'social-care', label: 'Social care' },
      ],
    })
  })

  it('refuses in words what cannot be added, and changes nothing', () => {
    const twice = applyComposerOp(
      [position],
      { kind: 'add-builtin' },
      { ...nothingAdded, builtin: 'position' },
      [],
    )
    expect(twice.errors).toEqual({ 'new-builtin': 'The form already has this field.' })
    const empty = applyComposerOp(
      [{ ...position, label: '' }],
      { kind: 'add-custom' },
      { ...nothingAdded, kind: 'choice' },
      [],
    )
    expect(Object.keys(empty.errors).sort()).toEqual(['f-0-label', 'new-label', 'new-options'])
  })

  it('makes keys and option values that the API accepts', () => {
    expect(keyFor('Broj godina u službi?', [])).toBe('broj-godina-u-sluzbi')
    expect(keyFor('Position', [])).toBe('position-2')
    expect(keyFor('2 languages', [])).toBe('q-2-languages')
    expect(keyFor('Đakovo', ['djakovo'])).toBe('djakovo-2')
    expect(keyFor('???', [])).toBe('question')
    expect(optionsFrom('Da\nNe', [{ value: 'yes', label: 'Da' }])).toEqual([
      { value: 'yes', label: 'Da' },
      { value: 'ne', label: 'Ne' },
    ])
  })

  it('places an API error at the control it names', () => {
    expect(composerControl('/body/form/2/options/1/value')).toBe('f-2-options')
    expect(composerControl('/body/form/0/key')).toBe('f-0-label')
    expect(composerControl('/body/form/1/min')).toBe('f-1-max')
    expect(composerControl('/body/title')).toBeNull()
  })
})
