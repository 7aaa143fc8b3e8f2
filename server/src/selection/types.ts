/** An answer to a built-in field or a custom question: text, choice, yes/no or number. */
export type Answer = string | number | boolean

export interface Applicant {
  readonly id: string
  /** ISO instant; an earlier submission wins a tie on score. */
  readonly submittedAt: string
  readonly municipalityId: string
  readonly countryCode: string
  readonly associationId?: string
  readonly position?: string
  readonly languages: readonly string[]
  /** By question key; a question left blank is absent. */
  readonly answers: Readonly<Record<string, Answer>>
  readonly firstTime: boolean
  /** Only what the applicant chose to declare, e.g. `{ gender: 'woman' }`. */
  readonly declared: Readonly<Record<string, string>>
}

export type EligibilityRule =
  | { readonly kind: 'municipality'; readonly municipalityIds: readonly string[] }
  | { readonly kind: 'country'; readonly countryCodes: readonly string[] }
  | { readonly kind: 'complete'; readonly requiredQuestions: readonly string[] }
  | { readonly kind: 'language'; readonly language: string }
  | { readonly kind: 'yes'; readonly question: string }

export type ScoreRule =
  | {
      readonly kind: 'choice'
      readonly question: string
      readonly points: Readonly<Record<string, number>>
    }
  | { readonly kind: 'position'; readonly points: Readonly<Record<string, number>> }
  | { readonly kind: 'first-time'; readonly points: number }
  /** Points for an applicant whose municipality has no member in the cluster yet. */
  | { readonly kind: 'new-municipality'; readonly points: number }
  /** `pointsPerUnit` × the number answered, capped at `max` points when given. */
  | {
      readonly kind: 'number-scaled'
      readonly question: string
      readonly pointsPerUnit: number
      readonly max?: number
    }
  | {
      readonly kind: 'number-threshold'
      readonly question: string
      readonly atLeast: number
      readonly points: number
    }
  | { readonly kind: 'yes'; readonly question: string; readonly points: number }

export type LimitRule =
  | { readonly kind: 'per-municipality'; readonly max: number }
  | { readonly kind: 'per-country'; readonly max: number }

export type TargetRule =
  | { readonly kind: 'distinct-municipalities'; readonly min: number }
  /** At least `min` selected who declared `attribute` = `value`. */
  | {
      readonly kind: 'group-count'
      readonly attribute: string
      readonly value: string
      readonly min: number
    }
  /** Among the selected who declared `attribute`, at least `share` (0..1) declared `value`. */
  | {
      readonly kind: 'group-share'
      readonly attribute: string
      readonly value: string
      readonly share: number
    }

export type BalanceRule = LimitRule | TargetRule

export interface Criteria {
  readonly eligibility: readonly EligibilityRule[]
  readonly scores: readonly ScoreRule[]
  readonly balance: readonly BalanceRule[]
  /** Municipalities that already have a member in the cluster (for `new-municipality`). */
  readonly representedMunicipalityIds?: readonly string[]
}

export interface FailedRule {
  /** Index of the rule in `criteria.eligibility`. */
  readonly rule: number
  readonly kind: EligibilityRule['kind']
}

export interface ScoreLine {
  /** Index of the rule in `criteria.scores`. */
  readonly rule: number
  readonly kind: ScoreRule['kind']
  readonly points: number
}

export interface Evaluation {
  readonly applicant: Applicant
  readonly eligible: boolean
  readonly failed: readonly FailedRule[]
  /** Sum of the breakdown, rounded to hundredths like each line. */
  readonly score: number
  readonly breakdown: readonly ScoreLine[]
  /** 1-based place in the ranking of the eligible; null when not eligible. */
  readonly rank: number | null
}

export type TargetShortfall =
  /** The pool itself is too small: `available` is what the eligible applicants offer. */
  | { readonly code: 'pool-too-small'; readonly available: number }
  /** Fewer places than the target asks for. */
  | { readonly code: 'too-few-places'; readonly places: number }
  /** The pool would allow it, but not together with the limits, the other targets or full places. */
  | { readonly code: 'conflicts-with-other-rules' }

export interface TargetOutcome {
  /** Index of the rule in `criteria.balance`. */
  readonly rule: number
  readonly target: TargetRule
  /** Persons (or municipalities) the target asks for in this selection. */
  readonly required: number
  readonly achieved: number
  readonly met: boolean
  readonly shortfall: TargetShortfall | null
}

export interface Proposal {
  /** Selected applicant ids, in ranking order. */
  readonly selected: readonly string[]
  readonly totalScore: number
  readonly targets: readonly TargetOutcome[]
  /** Selected although pure ranking (the first `places` eligible) would leave them out. */
  readonly inByBalance: readonly string[]
  /** In the first `places` of the ranking but left out for a limit or a target. */
  readonly outByBalance: readonly string[]
}
