import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluate } from './evaluate.ts'
import { propose } from './propose.ts'
import { applicant } from './testing.ts'
import type { Applicant, BalanceRule, Criteria, Evaluation, TargetRule } from './types.ts'

const byFirstTime: Criteria['scores'] = [
  { kind: 'first-time', points: 10 },
  { kind: 'number-scaled', question: 'score', pointsPerUnit: 1 },
]

const person = (score: number, overrides: Partial<Applicant> = {}) =>
  applicant({ answers: { score }, ...overrides })

async function proposal(applicants: Applicant[], places: number, balance: BalanceRule[]) {
  const criteria: Criteria = { eligibility: [], scores: byFirstTime, balance }
  return propose(evaluate(applicants, criteria), places, criteria)
}

describe('propose: limits and targets', () => {
  it('without balance rules, takes the first places of the ranking', async () => {
    const pool = [person(1), person(5), person(3)]
    const result = await proposal(pool, 2, [])
    expect(result.selected).toEqual([pool[1]?.id, pool[2]?.id])
    expect(result.totalScore).toBe(8)
    expect(result.inByBalance).toEqual([])
    expect(result.outByBalance).toEqual([])
  })

  it('among equal scores, keeps to the ranking (earlier submission first)', async () => {
    const pool = [person(5), person(5), person(5, { municipalityId: 'm2' })]
    const result = await proposal(pool, 2, [])
    expect(result.selected).toEqual([pool[0]?.id, pool[1]?.id])
    const spread = await proposal(pool, 2, [{ kind: 'distinct-municipalities', min: 2 }])
    expect(spread.selected).toEqual([pool[0]?.id, pool[2]?.id])
    expect(spread.outByBalance).toEqual([pool[1]?.id])
  })

  it('never more than N per municipality, even if places stay empty', async () => {
    const pool = [person(9), person(8), person(7), person(1, { municipalityId: 'm2' })]
    const result = await proposal(pool, 3, [{ kind: 'per-municipality', max: 1 }])
    expect(result.selected).toEqual([pool[0]?.id, pool[3]?.id])
    expect(result.inByBalance).toEqual([pool[3]?.id])
    expect(result.outByBalance).toEqual([pool[1]?.id, pool[2]?.id])
  })

  it('never more than N per country', async () => {
    const pool = [person(9), person(8), person(1, { countryCode: 'MK', municipalityId: 'm5' })]
    const result = await proposal(pool, 2, [{ kind: 'per-country', max: 1 }])
    expect(result.selected).toEqual([pool[0]?.id, pool[2]?.id])
  })

  it('a minimum number of municipalities', async () => {
    const pool = [person(9), person(8), person(7), person(2, { municipalityId: 'm2' })]
    const result = await proposal(pool, 3, [{ kind: 'distinct-municipalities', min: 2 }])
    expect(result.selected).toEqual([pool[0]?.id, pool[1]?.id, pool[3]?.id])
    expect(result.targets).toEqual([
      expect.objectContaining({ rule: 0, required: 2, achieved: 2, met: true, shortfall: null }),
    ])
  })

  it('a minimum count of a declared group, taking the best-scored of the group', async () => {
    const woman = { declared: { gender: 'woman' } }
    const pool = [person(9), person(8), person(3, woman), person(2, woman), person(1, woman)]
    const target: TargetRule = { kind: 'group-count', attribute: 'gender', value: 'woman', min: 2 }
    const result = await proposal(pool, 3, [target])
    expect(result.selected).toEqual([pool[0]?.id, pool[2]?.id, pool[3]?.id])
    expect(result.outByBalance).toEqual([pool[1]?.id])
    expect(result.targets[0]).toMatchObject({ met: true, achieved: 2 })
  })

  it('says when a target cannot be met: only 2 applicants declared the group', async () => {
    const woman = { declared: { gender: 'woman' } }
    const pool = [person(9), person(8), person(3, woman), person(2, woman), person(1)]
    const target: TargetRule = { kind: 'group-count', attribute: 'gender', value: 'woman', min: 3 }
    const result = await proposal(pool, 4, [target])
    expect(result.selected).toHaveLength(4)
    expect(result.targets[0]).toEqual({
      rule: 0,
      target,
      required: 3,
      achieved: 2,
      met: false,
      shortfall: { code: 'pool-too-small', available: 2 },
    })
  })

  it('a share of a declared group counts only those who declared', async () => {
    const woman = { declared: { gender: 'woman' } }
    const man = { declared: { gender: 'man' } }
    // Undeclared applicants neither help nor hurt the share.
    const pool = [person(9, man), person(8, man), person(7), person(1, woman), person(0, man)]
    const target: TargetRule = {
      kind: 'group-share',
      attribute: 'gender',
      value: 'woman',
      share: 0.5,
    }
    const result = await proposal(pool, 3, [target])
    expect(result.selected).toEqual([pool[0]?.id, pool[2]?.id, pool[3]?.id])
    expect(result.targets[0]).toMatchObject({ required: 1, achieved: 1, met: true })
  })

  it('a target the limits make unreachable is reported as a conflict, limits still hold', async () => {
    const woman = { declared: { gender: 'woman' } }
    const pool = [person(9, woman), person(8, woman), person(1)]
    const result = await proposal(pool, 3, [
      { kind: 'per-municipality', max: 1 },
      { kind: 'group-count', attribute: 'gender', value: 'woman', min: 2 },
    ])
    expect(result.selected).toEqual([pool[0]?.id])
    expect(result.targets[0]?.shortfall).toEqual({ code: 'conflicts-with-other-rules' })
  })

  it('one place, a municipality target it cannot reach: the solver still answers (found by the property below)', async () => {
    const woman = { declared: { gender: 'woman' } }
    const man = { declared: { gender: 'man' } }
    const macedonian = { countryCode: 'MK', municipalityId: 'm4' }
    const pool = [
      person(0, { municipalityId: 'm2' }),
      person(0, { municipalityId: 'm2', ...woman }),
      person(0, macedonian),
      person(0, { ...macedonian, ...man }),
    ]
    const result = await proposal(pool, 1, [
      { kind: 'per-country', max: 1 },
      { kind: 'distinct-municipalities', min: 2 },
      { kind: 'group-count', attribute: 'gender', value: 'woman', min: 1 },
      { kind: 'group-share', attribute: 'gender', value: 'woman', share: 0.25 },
    ])
    expect(result.selected).toEqual([pool[1]?.id])
    expect(result.targets.map((target) => target.met)).toEqual([false, true, true])
    expect(result.targets[0]?.shortfall).toEqual({ code: 'too-few-places', places: 1 })
  })

  it('ignores the ineligible and proposes nothing for no places', async () => {
    const criteria: Criteria = {
      eligibility: [{ kind: 'language', language: 'en' }],
      scores: [],
      balance: [],
    }
    const pool = [applicant({ languages: ['en'] }), applicant({ languages: ['sr'] })]
    const ranked = evaluate(pool, criteria)
    expect((await propose(ranked, 5, criteria)).selected).toEqual([pool[0]?.id])
    expect((await propose(ranked, 0, criteria)).selected).toEqual([])
  })
})

// ---- the property: the proposal is the brute-force optimum on small pools ----

const MUNICIPALITIES = [
  ['m1', 'RS'],
  ['m2', 'RS'],
  ['m3', 'MK'],
  ['m4', 'MK'],
] as const

const applicantArb = fc
  .record({
    municipality: fc.constantFrom(...MUNICIPALITIES),
    score: fc.integer({ min: 0, max: 5 }),
    firstTime: fc.boolean(),
    gender: fc.option(fc.constantFrom('woman', 'man'), { nil: undefined }),
    consent: fc.boolean(),
  })
  .map(({ municipality, score, firstTime, gender, consent }) =>
    applicant({
      municipalityId: municipality[0],
      countryCode: municipality[1],
      firstTime,
      answers: { score, consent },
      declared: gender === undefined ? {} : { gender },
    }),
  )

const balanceArb: fc.Arbitrary<BalanceRule[]> = fc
  .record({
    perMunicipality: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    perCountry: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    distinct: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    women: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    share: fc.option(fc.constantFrom(0.25, 0.4, 0.5, 2 / 3), { nil: undefined }),
  })
  .map(({ perMunicipality, perCountry, distinct, women, share }) => [
    ...(perMunicipality === undefined
      ? []
      : [{ kind: 'per-municipality' as const, max: perMunicipality }]),
    ...(perCountry === undefined ? [] : [{ kind: 'per-country' as const, max: perCountry }]),
    ...(distinct === undefined
      ? []
      : [{ kind: 'distinct-municipalities' as const, min: distinct }]),
    ...(women === undefined
      ? []
      : [{ kind: 'group-count' as const, attribute: 'gender', value: 'woman', min: women }]),
    ...(share === undefined
      ? []
      : [{ kind: 'group-share' as const, attribute: 'gender', value: 'woman', share }]),
  ])

function withinLimits(selection: readonly Applicant[], places: number, balance: BalanceRule[]) {
  if (selection.length > places) return false
  return balance.every((rule) => {
    if (rule.kind !== 'per-municipality' && rule.kind !== 'per-country') return true
    const counts = new Map<string, number>()
    for (const a of selection) {
      const key = rule.kind === 'per-municipality' ? a.municipalityId : a.countryCode
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    return [...counts.values()].every((count) => count <= rule.max)
  })
}

/** How far a selection falls short of each target (0 when met). */
function shortfalls(selection: readonly Applicant[], balance: BalanceRule[]): number[] {
  return balance.flatMap((rule) => {
    if (rule.kind === 'distinct-municipalities')
      return [Math.max(0, rule.min - new Set(selection.map((a) => a.municipalityId)).size)]
    if (rule.kind === 'group-count' || rule.kind === 'group-share') {
      const members = selection.filter((a) => a.declared[rule.attribute] === rule.value).length
      if (rule.kind === 'group-count') return [Math.max(0, rule.min - members)]
      const declared = selection.filter((a) => a.declared[rule.attribute] !== undefined).length
      return [Math.max(0, rule.share * declared - members)]
    }
    return []
  })
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
const hundredths = (entries: readonly Evaluation[]) =>
  sum(entries.map((entry) => Math.round(entry.score * 100)))

/**
 * Every subset: the most places filled, then the least shortfall, then the highest score, then the
 * most of pure ranking (the first `places` eligible).
 */
function bruteForce(eligible: readonly Evaluation[], places: number, balance: BalanceRule[]) {
  let best = { size: -1, shortfall: Infinity, score: -Infinity, ranking: -1 }
  for (let mask = 0; mask < 1 << eligible.length; mask++) {
    const chosen = eligible.filter((_, index) => mask & (1 << index))
    const selection = chosen.map((entry) => entry.applicant)
    if (!withinLimits(selection, places, balance)) continue
    const candidate = {
      size: chosen.length,
      shortfall: sum(shortfalls(selection, balance)),
      score: hundredths(chosen),
      ranking: chosen.filter((entry) => (entry.rank ?? Infinity) <= places).length,
    }
    const better =
      candidate.size > best.size ||
      (candidate.size === best.size && candidate.shortfall < best.shortfall - 1e-9) ||
      (candidate.size === best.size &&
        Math.abs(candidate.shortfall - best.shortfall) <= 1e-9 &&
        candidate.score > best.score) ||
      (candidate.size === best.size &&
        Math.abs(candidate.shortfall - best.shortfall) <= 1e-9 &&
        candidate.score === best.score &&
        candidate.ranking > best.ranking)
    if (better) best = candidate
  }
  return best
}

describe('propose: property against brute force', () => {
  it('never exceeds places or limits, meets every reachable target, and scores the optimum', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(applicantArb, { maxLength: 10 }),
        fc.integer({ min: 0, max: 8 }),
        balanceArb,
        async (pool, places, balance) => {
          const criteria: Criteria = {
            eligibility: [{ kind: 'yes', question: 'consent' }],
            scores: byFirstTime,
            balance,
          }
          const ranked = evaluate(pool, criteria)
          const result = await propose(ranked, places, criteria)
          const byId = new Map(ranked.map((entry) => [entry.applicant.id, entry]))
          const chosen = result.selected.map((id) => byId.get(id) as Evaluation)
          const selection = chosen.map((entry) => entry.applicant)

          expect(chosen.every((entry) => entry.eligible)).toBe(true)
          expect(new Set(result.selected).size).toBe(result.selected.length)
          expect(withinLimits(selection, places, balance)).toBe(true)

          const best = bruteForce(
            ranked.filter((entry) => entry.eligible),
            places,
            balance,
          )
          const shortfall = sum(shortfalls(selection, balance))
          expect(selection.length).toBe(best.size)
          expect(shortfall).toBeCloseTo(best.shortfall, 6)
          expect(hundredths(chosen)).toBe(best.score)
          expect(Math.round(result.totalScore * 100)).toBe(best.score)
          // The least difference from pure ranking that the optimum allows.
          const outsideRanking = Math.min(places, ranked.filter((e) => e.eligible).length)
          expect(outsideRanking - result.outByBalance.length).toBe(best.ranking)
          // Reachable together: every target met. Otherwise each miss is explained.
          if (best.shortfall <= 1e-9) expect(result.targets.every((t) => t.met)).toBe(true)
          for (const target of result.targets) {
            expect(target.met).toBe(target.shortfall === null)
          }
          // The same input gives the same proposal.
          expect(await propose(ranked, places, criteria)).toEqual(result)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('propose: size', () => {
  it('500 applicants, 40 places, every kind of rule: an optimum in well under the budget', async () => {
    const municipalities = Array.from({ length: 60 }, (_, index) => `m${index}`)
    const pool = Array.from({ length: 500 }, (_, index) =>
      applicant({
        municipalityId: municipalities[(index * 7) % 60] as string,
        countryCode: ['RS', 'MK', 'AL', 'BA', 'ME'][index % 5] as string,
        firstTime: index % 3 === 0,
        answers: { score: (index * 37) % 19 },
        declared: index % 4 === 0 ? { gender: 'woman' } : index % 4 === 1 ? { gender: 'man' } : {},
      }),
    )
    const balance: BalanceRule[] = [
      { kind: 'per-municipality', max: 2 },
      { kind: 'per-country', max: 12 },
      { kind: 'distinct-municipalities', min: 30 },
      { kind: 'group-share', attribute: 'gender', value: 'woman', share: 0.5 },
      { kind: 'group-count', attribute: 'gender', value: 'woman', min: 12 },
    ]
    const criteria: Criteria = { eligibility: [], scores: byFirstTime, balance }
    const ranked = evaluate(pool, criteria)
    const started = performance.now()
    const result = await propose(ranked, 40, criteria)
    const elapsed = performance.now() - started
    expect(result.selected).toHaveLength(40)
    expect(result.targets.every((target) => target.met)).toBe(true)
    // The budget is a second; a shared CI machine gets headroom.
    expect(elapsed).toBeLessThan(3000)
  })
})
