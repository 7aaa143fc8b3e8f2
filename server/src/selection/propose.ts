import highsModule, { type Highs, type InitOptions } from 'highs'
import { toHundredths } from './evaluate.ts'
import type {
  Applicant,
  Criteria,
  Evaluation,
  LimitRule,
  Proposal,
  TargetOutcome,
  TargetRule,
  TargetShortfall,
} from './types.ts'

// highs types its ES build as CommonJS: under NodeNext its default import is typed as the module
// object, while at run time it is the loader the types declare as `default`.
const loadHighs = highsModule as unknown as (options?: InitOptions) => Promise<Highs>
let solver: Promise<Highs> | undefined
// The WebAssembly module is compiled once per process; each solve gets a fresh native instance.
const highs = (): Promise<Highs> => (solver ??= loadHighs())

// A gap of zero: the proposal is the optimum, not "within 0.01 % of it".
const OPTIONS = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9 } as const
const EPSILON = 1e-6

interface Term {
  readonly coefficient: number
  readonly variable: string
}

const format = (terms: readonly Term[]): string =>
  terms.length === 0
    ? '0 x0'
    : terms
        .map(({ coefficient, variable }, index) => {
          const sign = coefficient < 0 ? '-' : index === 0 ? '' : '+'
          return `${sign} ${Math.abs(coefficient)} ${variable}`
        })
        .join(' ')

const x = (index: number): string => `x${index}`
const member = (applicant: Applicant, target: TargetRule & { kind: `group-${string}` }): boolean =>
  applicant.declared[target.attribute] === target.value

function groupBy(candidates: readonly Applicant[], key: (a: Applicant) => string) {
  const groups = new Map<string, number[]>()
  candidates.forEach((applicant, index) => {
    const list = groups.get(key(applicant)) ?? []
    list.push(index)
    groups.set(key(applicant), list)
  })
  return groups
}

const limitKey = (rule: LimitRule) =>
  rule.kind === 'per-municipality'
    ? (a: Applicant) => a.municipalityId
    : (a: Applicant) => a.countryCode

/** The constraints every stage shares: places, limits and each target with its shortfall `d<k>`. */
function constraints(
  candidates: readonly Applicant[],
  places: number,
  criteria: Criteria,
): { rows: string[]; binaries: string[]; shortfalls: string[] } {
  const all = candidates.map((_, index) => ({ coefficient: 1, variable: x(index) }))
  const rows = [`places: ${format(all)} <= ${places}`]
  const binaries = candidates.map((_, index) => x(index))
  const shortfalls: string[] = []
  const municipalities = groupBy(candidates, (a) => a.municipalityId)
  let municipalityVariables = false
  criteria.balance.forEach((rule, k) => {
    if (rule.kind === 'per-municipality' || rule.kind === 'per-country') {
      let group = 0
      for (const indices of groupBy(candidates, limitKey(rule)).values()) {
        if (indices.length <= rule.max) continue
        const terms = indices.map((index) => ({ coefficient: 1, variable: x(index) }))
        rows.push(`l${k}_${group++}: ${format(terms)} <= ${Math.max(0, rule.max)}`)
      }
      return
    }
    const d = `d${k}`
    shortfalls.push(d)
    if (rule.kind === 'distinct-municipalities') {
      if (!municipalityVariables) {
        // m<j> may be 1 only when someone of municipality j is selected.
        let j = 0
        for (const indices of municipalities.values()) {
          const terms = indices.map((index) => ({ coefficient: -1, variable: x(index) }))
          rows.push(`m${j}: ${format([{ coefficient: 1, variable: `m${j}` }, ...terms])} <= 0`)
          binaries.push(`m${j++}`)
        }
        municipalityVariables = true
      }
      const terms = [...municipalities.keys()].map((_, j) => ({
        coefficient: 1,
        variable: `m${j}`,
      }))
      rows.push(`t${k}: ${format([...terms, { coefficient: 1, variable: d }])} >= ${rule.min}`)
    } else if (rule.kind === 'group-count') {
      const terms = candidates.flatMap((a, index) =>
        member(a, rule) ? [{ coefficient: 1, variable: x(index) }] : [],
      )
      rows.push(`t${k}: ${format([...terms, { coefficient: 1, variable: d }])} >= ${rule.min}`)
    } else {
      // members ≥ share × declared, i.e. (1 − share)·members − share·others ≥ 0
      const terms = candidates.flatMap((a, index) => {
        if (a.declared[rule.attribute] === undefined) return []
        const coefficient = member(a, rule) ? 1 - rule.share : -rule.share
        return coefficient === 0 ? [] : [{ coefficient, variable: x(index) }]
      })
      rows.push(`t${k}: ${format([...terms, { coefficient: 1, variable: d }])} >= 0`)
    }
  })
  return { rows, binaries, shortfalls }
}

function solve(
  solver: Highs,
  objective: readonly Term[],
  rows: readonly string[],
  binaries: readonly string[],
): Record<string, number> {
  const model = [
    'Maximize',
    ` obj: ${format(objective)}`,
    'Subject To',
    ...rows.map((row) => ` ${row}`),
    'Binaries',
    ` ${binaries.join(' ')}`,
    'End',
  ].join('\n')
  let result = solver.solve(model, OPTIONS)
  // Both stages are feasible by construction (nobody selected; the first stage's answer), yet
  // HiGHS 1.15's presolve can call a tight second stage infeasible (the shortfall bound a hair
  // above the first stage's total): then the model is solved again without presolve.
  if (result.Status === 'Infeasible') result = solver.solve(model, { ...OPTIONS, presolve: 'off' })
  if (result.Status !== 'Optimal') throw new Error(`selection solver: ${result.Status}`)
  return Object.fromEntries(
    Object.entries(result.Columns).map(([name, column]) => [name, column.Primal ?? 0]),
  )
}

function outcome(
  rule: TargetRule,
  index: number,
  selected: readonly Applicant[],
  pool: readonly Applicant[],
  places: number,
): TargetOutcome {
  let required: number
  let achieved: number
  let available: number
  if (rule.kind === 'distinct-municipalities') {
    required = rule.min
    achieved = new Set(selected.map((a) => a.municipalityId)).size
    available = new Set(pool.map((a) => a.municipalityId)).size
  } else if (rule.kind === 'group-count') {
    required = rule.min
    achieved = selected.filter((a) => member(a, rule)).length
    available = pool.filter((a) => member(a, rule)).length
  } else {
    const declared = selected.filter((a) => a.declared[rule.attribute] !== undefined).length
    required = Math.ceil(rule.share * declared - EPSILON)
    achieved = selected.filter((a) => member(a, rule)).length
    available = pool.filter((a) => member(a, rule)).length
  }
  const met = achieved >= required
  let shortfall: TargetShortfall | null = null
  if (!met) {
    if (available < required) shortfall = { code: 'pool-too-small', available }
    else if (places < required) shortfall = { code: 'too-few-places', places }
    else shortfall = { code: 'conflicts-with-other-rules' }
  }
  return { rule: index, target: rule, required, achieved, met, shortfall }
}

/**
 * Proposes whom to select among the eligible of `ranked` (the output of `evaluate`), as an
 * integer programme solved exactly by HiGHS, in two stages:
 * 1. fill as many of `places` as the limits allow, and within that, leave the smallest total
 *    shortfall on the balance targets;
 * 2. keeping both, take the highest total score, and among equal totals the most applicants of
 *    pure ranking (the first `places` eligible), so the difference from ranking is the least.
 * Limits (per municipality, per country) are never exceeded.
 */
export async function propose(
  ranked: readonly Evaluation[],
  places: number,
  criteria: Criteria,
): Promise<Proposal> {
  const eligible = ranked
    .filter((entry) => entry.eligible && entry.rank !== null)
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
  const candidates = eligible.map((entry) => entry.applicant)
  const seats = Math.max(0, Math.floor(places))
  const targets = criteria.balance.flatMap((rule, index) =>
    rule.kind === 'per-municipality' || rule.kind === 'per-country' ? [] : [{ rule, index }],
  )
  let chosen: number[] = []
  if (candidates.length > 0 && seats > 0) {
    const solver = await highs()
    const { rows, binaries, shortfalls } = constraints(candidates, seats, criteria)
    const all = candidates.map((_, index) => x(index))
    // One more seat filled always outweighs any total shortfall.
    const worst = targets.reduce(
      (sum, { rule }) => sum + (rule.kind === 'group-share' ? seats : Math.max(0, rule.min)),
      0,
    )
    const first = solve(
      solver,
      [
        ...all.map((variable) => ({ coefficient: worst + 1, variable })),
        ...shortfalls.map((variable) => ({ coefficient: -1, variable })),
      ],
      rows,
      binaries,
    )
    const filled = Math.round(all.reduce((sum, variable) => sum + (first[variable] ?? 0), 0))
    const shortfall = shortfalls.reduce((sum, variable) => sum + (first[variable] ?? 0), 0)
    const keep = [
      `filled: ${format(all.map((variable) => ({ coefficient: 1, variable })))} >= ${filled}`,
    ]
    if (shortfalls.length > 0) {
      const terms = shortfalls.map((variable) => ({ coefficient: 1, variable }))
      keep.push(`shortfall: ${format(terms)} <= ${shortfall + EPSILON}`)
    }
    const second = solve(
      solver,
      eligible.map((entry, index) => ({
        coefficient: toHundredths(entry.score) * (seats + 1) + (index < seats ? 1 : 0),
        variable: x(index),
      })),
      [...rows, ...keep],
      binaries,
    )
    chosen = all.flatMap((variable, index) => ((second[variable] ?? 0) > 0.5 ? [index] : []))
  }
  const selected = chosen.map((index) => candidates[index] as Applicant)
  const ids = candidates.map((a) => a.id)
  const inSelection = new Set(chosen)
  return {
    selected: selected.map((a) => a.id),
    totalScore:
      chosen.reduce((sum, index) => sum + toHundredths((eligible[index] as Evaluation).score), 0) /
      100,
    targets: targets.map(({ rule, index }) => outcome(rule, index, selected, candidates, seats)),
    inByBalance: chosen.filter((index) => index >= seats).map((index) => ids[index] as string),
    outByBalance: candidates
      .slice(0, seats)
      .flatMap((a, index) => (inSelection.has(index) ? [] : [a.id])),
  }
}
