import { describe, expect, it } from 'vitest'
import type { FormField } from '@agora/server/contract'
import {
  criteriaControl,
  positionPoints,
  postedOf,
  postedUnder,
  readCriteria,
  ruleValues,
  type Rule,
} from './criteria-editor'

function formOf(fields: [string, string][]): FormData {
  const form = new FormData()
  for (const [name, value] of fields) form.append(name, value)
  return form
}

const questions: FormField[] = [
  {
    kind: 'choice',
    key: 'sector',
    label: 'Sector',
    required: true,
    options: [
      { value: 'finance', label: 'Finance' },
      { value: 'social-care', label: 'Social care' },
    ],
  },
  { kind: 'yes-no', key: 'council', label: 'Council member?', required: false },
  {
    kind: 'gender',
    key: 'gender',
    label: 'Gender',
    required: false,
    options: [{ value: 'woman', label: 'Woman' }],
  },
]

describe('the criteria editor', () => {
  it('reads every rule back and adds the new one', () => {
    const { criteria, errors, op } = readCriteria(
      formOf([
        ['r.eligibility.0.kind', 'yes'],
        ['r.eligibility.0.question', 'council'],
        ['r.scores.0.kind', 'choice'],
        ['r.scores.0.question', 'sector'],
        ['r.scores.0.points.sector.finance', '2'],
        ['r.scores.0.points.sector.social-care', ''],
        ['r.balance.0.kind', 'group-share'],
        ['r.balance.0.group', 'gender:woman'],
        ['r.balance.0.share', '40'],
        ['new.balance.per-municipality.max', '2'],
        ['op', 'add:balance:per-municipality'],
      ]),
      questions,
    )
    expect(op).toEqual({ kind: 'add', section: 'balance', rule: 'per-municipality' })
    expect(errors).toEqual({})
    expect(criteria).toEqual({
      eligibility: [{ kind: 'yes', question: 'council' }],
      scores: [{ kind: 'choice', question: 'sector', points: { finance: 2 } }],
      balance: [
        { kind: 'group-share', attribute: 'gender', value: 'woman', share: 0.4 },
        { kind: 'per-municipality', max: 2 },
      ],
    })
  })

  it('removes a rule, and says in words what a rule lacks', () => {
    const { criteria, errors } = readCriteria(
      formOf([
        ['r.scores.0.kind', 'first-time'],
        ['r.scores.0.points', 'many'],
        ['r.scores.1.kind', 'yes'],
        ['r.scores.1.question', 'council'],
        ['r.scores.1.points', '1.5'],
        ['new.balance.distinct-municipalities.min', '0'],
        ['op', 'remove:scores:1'],
      ]),
      questions,
    )
    expect(criteria.scores).toEqual([])
    expect(errors).toEqual({ 'rule-scores-0': 'Enter the points as a number.' })
    const adding = readCriteria(
      formOf([
        ['new.balance.distinct-municipalities.min', '0'],
        ['op', 'add:balance:distinct-municipalities'],
      ]),
      questions,
    )
    expect(adding.errors).toEqual({
      'new-balance-distinct-municipalities': 'Enter a whole number from 1 to 10,000.',
    })
  })

  it('shows each kind of rule again in its controls', () => {
    const rules: Rule[] = [
      { kind: 'municipality', municipalityIds: ['a', 'b'] },
      { kind: 'position', points: { Mayor: 3, 'Head of department': 1 } },
      { kind: 'number-scaled', question: 'years', pointsPerUnit: 0.5 },
      { kind: 'group-share', attribute: 'community', value: 'roma', share: 0.25 },
    ]
    expect(rules.map(ruleValues)).toEqual([
      { municipalityIds: ['a', 'b'] },
      { positions: 'Mayor = 3\nHead of department = 1' },
      { question: 'years', pointsPerUnit: '0.5', max: '' },
      { group: 'community:roma', share: '25' },
    ])
    expect(positionPoints('Mayor = 3\nHead of department = 1')).toEqual({
      Mayor: 3,
      'Head of department': 1,
    })
    expect(positionPoints('Mayor')).toBeNull()
  })

  it('keeps a refused post as typed, and places an API error at its rule', () => {
    const posted = postedOf(
      formOf([
        ['r.eligibility.0.municipalityIds', 'a'],
        ['r.eligibility.0.municipalityIds', 'b'],
        ['r.eligibility.0.kind', 'municipality'],
      ]),
    )
    expect(postedUnder(posted, 'r.eligibility.0')).toEqual({
      municipalityIds: ['a', 'b'],
      kind: 'municipality',
    })
    expect(criteriaControl('/body/criteria/scores/3/question')).toBe('rule-scores-3')
    expect(criteriaControl('/body/form/0')).toBeNull()
  })
})
