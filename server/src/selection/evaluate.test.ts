import { describe, expect, it } from 'vitest'
import { evaluate } from './evaluate.ts'
import { applicant } from './testing.ts'
import type { Criteria, EligibilityRule, ScoreRule } from './types.ts'

const criteria = (overrides: Partial<Criteria>): Criteria => ({
  eligibility: [],
  scores: [],
  balance: [],
  ...overrides,
})

function eligibility(rule: EligibilityRule, ...applicants: ReturnType<typeof applicant>[]) {
  const result = evaluate(applicants, criteria({ eligibility: [rule] }))
  return Object.fromEntries(result.map((entry) => [entry.applicant.id, entry.failed]))
}

describe('evaluate: eligibility', () => {
  it('an eligible municipality', () => {
    const inside = applicant({ municipalityId: 'm1' })
    const outside = applicant({ municipalityId: 'm9' })
    const failed = eligibility(
      { kind: 'municipality', municipalityIds: ['m1', 'm2'] },
      inside,
      outside,
    )
    expect(failed[inside.id]).toEqual([])
    expect(failed[outside.id]).toEqual([{ rule: 0, kind: 'municipality' }])
  })

  it('an eligible country', () => {
    const inside = applicant({ countryCode: 'MK' })
    const outside = applicant({ countryCode: 'SE' })
    const failed = eligibility({ kind: 'country', countryCodes: ['RS', 'MK'] }, inside, outside)
    expect(failed[inside.id]).toEqual([])
    expect(failed[outside.id]).toEqual([{ rule: 0, kind: 'country' }])
  })

  it('a complete form: every required answer present, blank text and NaN count as missing', () => {
    const rule: EligibilityRule = { kind: 'complete', requiredQuestions: ['motivation', 'years'] }
    const complete = applicant({ answers: { motivation: 'To learn', years: 0 } })
    const missing = applicant({ answers: { motivation: 'To learn' } })
    const blank = applicant({ answers: { motivation: '  ', years: 3 } })
    const notANumber = applicant({ answers: { motivation: 'x', years: Number.NaN } })
    const failed = eligibility(rule, complete, missing, blank, notANumber)
    expect(failed[complete.id]).toEqual([])
    for (const incomplete of [missing, blank, notANumber]) {
      expect(failed[incomplete.id]).toEqual([{ rule: 0, kind: 'complete' }])
    }
  })

  it('a language', () => {
    const speaks = applicant({ languages: ['sr', 'en'] })
    const doesNot = applicant({ languages: ['mk'] })
    const failed = eligibility({ kind: 'language', language: 'en' }, speaks, doesNot)
    expect(failed[speaks.id]).toEqual([])
    expect(failed[doesNot.id]).toEqual([{ rule: 0, kind: 'language' }])
  })

  it('a yes/no answer required to be yes: no and no answer both fail', () => {
    const yes = applicant({ answers: { consent: true } })
    const no = applicant({ answers: { consent: false } })
    const silent = applicant()
    const failed = eligibility({ kind: 'yes', question: 'consent' }, yes, no, silent)
    expect(failed[yes.id]).toEqual([])
    expect(failed[no.id]).toEqual([{ rule: 0, kind: 'yes' }])
    expect(failed[silent.id]).toEqual([{ rule: 0, kind: 'yes' }])
  })

  it('reports every rule that failed, and ranks only the eligible', () => {
    const fails = applicant({ countryCode: 'SE', languages: [] })
    const passes = applicant({ answers: { consent: true } })
    const result = evaluate(
      [fails, passes],
      criteria({
        eligibility: [
          { kind: 'country', countryCodes: ['RS'] },
          { kind: 'yes', question: 'consent' },
          { kind: 'language', language: 'sr' },
        ],
      }),
    )
    expect(result.map((entry) => [entry.applicant.id, entry.eligible, entry.rank])).toEqual([
      [passes.id, true, 1],
      [fails.id, false, null],
    ])
    expect(result[1]?.failed.map((rule) => rule.rule)).toEqual([0, 1, 2])
  })
})

function points(rule: ScoreRule, a: ReturnType<typeof applicant>, represented?: string[]) {
  const [entry] = evaluate(
    [a],
    criteria({ scores: [rule], representedMunicipalityIds: represented ?? [] }),
  )
  expect(entry?.breakdown).toEqual([{ rule: 0, kind: rule.kind, points: entry?.score }])
  return entry?.score
}

describe('evaluate: scores', () => {
  it('points per answer of a choice question; an unlisted or missing answer scores 0', () => {
    const rule: ScoreRule = { kind: 'choice', question: 'training', points: { none: 5, some: 2 } }
    expect(points(rule, applicant({ answers: { training: 'none' } }))).toBe(5)
    expect(points(rule, applicant({ answers: { training: 'some' } }))).toBe(2)
    expect(points(rule, applicant({ answers: { training: 'lots' } }))).toBe(0)
    expect(points(rule, applicant())).toBe(0)
  })

  it('points for a position', () => {
    const rule: ScoreRule = { kind: 'position', points: { mayor: 3, officer: 1 } }
    expect(points(rule, applicant({ position: 'mayor' }))).toBe(3)
    expect(points(rule, applicant({ position: 'driver' }))).toBe(0)
  })

  it('points for a first-time participant', () => {
    const rule: ScoreRule = { kind: 'first-time', points: 4 }
    expect(points(rule, applicant({ firstTime: true }))).toBe(4)
    expect(points(rule, applicant({ firstTime: false }))).toBe(0)
  })

  it('points for a municipality with no member in the cluster yet', () => {
    const rule: ScoreRule = { kind: 'new-municipality', points: 6 }
    expect(points(rule, applicant({ municipalityId: 'm2' }), ['m1'])).toBe(6)
    expect(points(rule, applicant({ municipalityId: 'm1' }), ['m1'])).toBe(0)
  })

  it('a number question scaled, capped, and rounded to hundredths', () => {
    const rule: ScoreRule = { kind: 'number-scaled', question: 'staff', pointsPerUnit: 0.5, max: 4 }
    expect(points(rule, applicant({ answers: { staff: 3 } }))).toBe(1.5)
    expect(points(rule, applicant({ answers: { staff: 30 } }))).toBe(4)
    expect(points(rule, applicant({ answers: { staff: 'three' } }))).toBe(0)
    const third: ScoreRule = { kind: 'number-scaled', question: 'staff', pointsPerUnit: 1 / 3 }
    expect(points(third, applicant({ answers: { staff: 1 } }))).toBe(0.33)
  })

  it('a number question with a threshold', () => {
    const rule: ScoreRule = { kind: 'number-threshold', question: 'age', atLeast: 10, points: 2 }
    expect(points(rule, applicant({ answers: { age: 10 } }))).toBe(2)
    expect(points(rule, applicant({ answers: { age: 9.5 } }))).toBe(0)
  })

  it('points for a yes answer', () => {
    const rule: ScoreRule = { kind: 'yes', question: 'council', points: 3 }
    expect(points(rule, applicant({ answers: { council: true } }))).toBe(3)
    expect(points(rule, applicant({ answers: { council: false } }))).toBe(0)
  })

  it('sums the breakdown per criterion into the score', () => {
    const [entry] = evaluate(
      [applicant({ firstTime: true, position: 'mayor', answers: { council: true } })],
      criteria({
        scores: [
          { kind: 'first-time', points: 1.1 },
          { kind: 'position', points: { mayor: 2.2 } },
          { kind: 'yes', question: 'council', points: 0.1 },
        ],
      }),
    )
    expect(entry?.breakdown.map((line) => line.points)).toEqual([1.1, 2.2, 0.1])
    expect(entry?.score).toBe(3.4)
  })
})

describe('evaluate: ranking', () => {
  it('by score, then earlier submission, then id; the same for any input order', () => {
    const late = applicant({ id: 'b', submittedAt: '2026-01-02T00:00:00Z', firstTime: true })
    const early = applicant({ id: 'c', submittedAt: '2026-01-01T00:00:00Z', firstTime: true })
    const sameTime = applicant({ id: 'a', submittedAt: '2026-01-02T00:00:00Z', firstTime: true })
    const low = applicant({ id: 'd', submittedAt: '2025-01-01T00:00:00Z' })
    const rules = criteria({ scores: [{ kind: 'first-time', points: 1 }] })
    const order = (list: ReturnType<typeof applicant>[]) =>
      evaluate(list, rules).map((entry) => [entry.applicant.id, entry.rank])
    const expected = [
      ['c', 1],
      ['a', 2],
      ['b', 3],
      ['d', 4],
    ]
    expect(order([late, early, sameTime, low])).toEqual(expected)
    expect(order([low, sameTime, early, late])).toEqual(expected)
  })
})
