import type {
  Answer,
  Applicant,
  Criteria,
  EligibilityRule,
  Evaluation,
  FailedRule,
  ScoreLine,
  ScoreRule,
} from './types.ts'

/** Points are kept in hundredths so that sums are exact and ties are real ties. */
export const toHundredths = (points: number): number => Math.round(points * 100)

function isAnswered(answer: Answer | undefined): boolean {
  if (answer === undefined) return false
  if (typeof answer === 'string') return answer.trim() !== ''
  if (typeof answer === 'number') return Number.isFinite(answer)
  return true
}

function passes(rule: EligibilityRule, applicant: Applicant): boolean {
  switch (rule.kind) {
    case 'municipality':
      return rule.municipalityIds.includes(applicant.municipalityId)
    case 'country':
      return rule.countryCodes.includes(applicant.countryCode)
    case 'complete':
      return rule.requiredQuestions.every((key) => isAnswered(applicant.answers[key]))
    case 'language':
      return applicant.languages.includes(rule.language)
    case 'yes':
      return applicant.answers[rule.question] === true
  }
}

function numberAnswer(applicant: Applicant, question: string): number | null {
  const answer = applicant.answers[question]
  return typeof answer === 'number' && Number.isFinite(answer) ? answer : null
}

function pointsFor(rule: ScoreRule, applicant: Applicant, represented: Set<string>): number {
  switch (rule.kind) {
    case 'choice': {
      const answer = applicant.answers[rule.question]
      return typeof answer === 'string' ? (rule.points[answer] ?? 0) : 0
    }
    case 'position':
      return applicant.position === undefined ? 0 : (rule.points[applicant.position] ?? 0)
    case 'first-time':
      return applicant.firstTime ? rule.points : 0
    case 'new-municipality':
      return represented.has(applicant.municipalityId) ? 0 : rule.points
    case 'number-scaled': {
      const value = numberAnswer(applicant, rule.question)
      if (value === null) return 0
      const points = value * rule.pointsPerUnit
      return rule.max === undefined ? points : Math.min(points, rule.max)
    }
    case 'number-threshold': {
      const value = numberAnswer(applicant, rule.question)
      return value !== null && value >= rule.atLeast ? rule.points : 0
    }
    case 'yes':
      return applicant.answers[rule.question] === true ? rule.points : 0
  }
}

const byId = (a: Applicant, b: Applicant): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const bySubmission = (a: Applicant, b: Applicant): number =>
  Date.parse(a.submittedAt) - Date.parse(b.submittedAt) || byId(a, b)

/**
 * Checks every eligibility rule and scores every applicant. The result is the eligible first, by
 * score (highest first), then earlier submission, then id; the ineligible after them, by
 * submission, with the rules they failed.
 */
export function evaluate(applicants: readonly Applicant[], criteria: Criteria): Evaluation[] {
  const represented = new Set(criteria.representedMunicipalityIds ?? [])
  const scored = applicants.map((applicant) => {
    const failed: FailedRule[] = criteria.eligibility.flatMap((rule, index) =>
      passes(rule, applicant) ? [] : [{ rule: index, kind: rule.kind }],
    )
    const breakdown: ScoreLine[] = criteria.scores.map((rule, index) => ({
      rule: index,
      kind: rule.kind,
      points: toHundredths(pointsFor(rule, applicant, represented)) / 100,
    }))
    const hundredths = breakdown.reduce((sum, line) => sum + toHundredths(line.points), 0)
    return { applicant, failed, breakdown, hundredths }
  })
  const eligible = scored
    .filter((entry) => entry.failed.length === 0)
    .sort((a, b) => b.hundredths - a.hundredths || bySubmission(a.applicant, b.applicant))
  const ineligible = scored
    .filter((entry) => entry.failed.length > 0)
    .sort((a, b) => bySubmission(a.applicant, b.applicant))
  return [
    ...eligible.map((entry, index) => ({
      applicant: entry.applicant,
      eligible: true,
      failed: [],
      score: entry.hundredths / 100,
      breakdown: entry.breakdown,
      rank: index + 1,
    })),
    ...ineligible.map((entry) => ({
      applicant: entry.applicant,
      eligible: false,
      failed: entry.failed,
      score: entry.hundredths / 100,
      breakdown: entry.breakdown,
      rank: null,
    })),
  ]
}
