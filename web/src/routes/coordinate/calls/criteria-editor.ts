import type {
  BalanceRule,
  CallCriteria,
  EligibilityRule,
  FormField,
  ScoreRule,
} from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

// The selection criteria's editor without JavaScript: each rule's controls are named
// `r.<section>.<i>.<property>` (its kind in `r.<section>.<i>.kind`), a new rule's
// `new.<section>.<kind>.<property>`; the button pressed names the operation (`op`). The server
// reads every rule back, applies the operation and saves the criteria as a whole.

export const sections = ['eligibility', 'scores', 'balance'] as const
export type Section = (typeof sections)[number]

export const ruleKinds = {
  eligibility: ['municipality', 'country', 'complete', 'language', 'yes'],
  scores: [
    'choice',
    'position',
    'first-time',
    'new-municipality',
    'number-scaled',
    'number-threshold',
    'yes',
  ],
  balance: [
    'per-municipality',
    'per-country',
    'distinct-municipalities',
    'group-count',
    'group-share',
  ],
} as const satisfies Record<Section, readonly string[]>

export type Rule = EligibilityRule | ScoreRule | BalanceRule

/** Questions of the form that a rule may read, by what it reads. */
export function questionsFor(form: readonly FormField[], reads: 'yes' | 'choice' | 'number') {
  const kinds =
    reads === 'yes'
      ? ['yes-no', 'council-membership']
      : reads === 'choice'
        ? ['choice']
        : ['number']
  return form.filter((field) => kinds.includes(field.kind))
}

/** The declared groups a balance target may aim at: "gender:woman" → its field and option. */
export function groupsOf(form: readonly FormField[]) {
  return form.flatMap((field) =>
    (field.kind === 'gender' || field.kind === 'community') && 'options' in field
      ? field.options.map((option) => ({
          value: `${field.kind}:${option.value}`,
          label: `${field.label}: ${option.label}`,
        }))
      : [],
  )
}

/** "Mayor = 3" lines of a position score as its points by position, and back. */
export function positionPoints(text: string): Record<string, number> | null {
  const points: Record<string, number> = {}
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    const at = line.lastIndexOf('=')
    const position = line.slice(0, at).trim()
    const value = Number(line.slice(at + 1).trim())
    if (at < 0 || !position || line.slice(at + 1).trim() === '' || !Number.isFinite(value))
      return null
    points[position] = value
  }
  return Object.keys(points).length > 0 ? points : null
}
export const positionText = (points: Record<string, number>) =>
  Object.entries(points)
    .map(([position, value]) => `${position} = ${value}`)
    .join('\n')

type Read = { rule: Rule } | { error: string }

/** One rule from its controls under `prefix`; what is missing or wrong is said in words. */
export function readRule(
  form: FormData,
  prefix: string,
  section: Section,
  kind: string,
  fields: readonly FormField[],
): Read {
  const text = (name: string) => {
    const value = form.get(`${prefix}.${name}`)
    return typeof value === 'string' ? value.trim() : ''
  }
  const all = (name: string) =>
    form
      .getAll(`${prefix}.${name}`)
      .filter((value): value is string => typeof value === 'string' && value !== '')
  const num = (name: string): number | null => {
    const value = text(name)
    return value !== '' && Number.isFinite(Number(value)) ? Number(value) : null
  }
  const whole = (name: string): number | null => {
    const value = num(name)
    return value !== null && Number.isInteger(value) && value >= 1 && value <= 10_000 ? value : null
  }
  const pointsOf = (name: string) => num(name)
  const question = text('question')
  if (section === 'eligibility') {
    switch (kind) {
      case 'municipality': {
        const municipalityIds = all('municipalityIds')
        if (municipalityIds.length === 0)
          return { error: m.coordinate_criteria_municipalities_required() }
        return { rule: { kind, municipalityIds } }
      }
      case 'country': {
        const countryCodes = all('countryCodes')
        if (countryCodes.length === 0) return { error: m.coordinate_criteria_countries_required() }
        return { rule: { kind, countryCodes } }
      }
      case 'complete': {
        const requiredQuestions = all('requiredQuestions')
        if (requiredQuestions.length === 0)
          return { error: m.coordinate_criteria_questions_required() }
        return { rule: { kind, requiredQuestions } }
      }
      case 'language': {
        const language = text('language')
        if (!language) return { error: m.coordinate_criteria_language_required() }
        return { rule: { kind, language } }
      }
      case 'yes':
        if (!question) return { error: m.coordinate_criteria_question_required() }
        return { rule: { kind, question } }
    }
  }
  if (section === 'scores') {
    const points = pointsOf('points')
    switch (kind) {
      case 'choice': {
        const field = fields.find((candidate) => candidate.key === question)
        if (!field || !('options' in field))
          return { error: m.coordinate_criteria_question_required() }
        const byValue: Record<string, number> = {}
        for (const option of field.options) {
          if (typeof option !== 'object') continue
          const value = num(`points.${question}.${option.value}`)
          if (value !== null) byValue[option.value] = value
        }
        if (Object.keys(byValue).length === 0)
          return { error: m.coordinate_criteria_points_required() }
        return { rule: { kind, question, points: byValue } }
      }
      case 'position': {
        const byPosition = positionPoints(text('positions'))
        if (!byPosition) return { error: m.coordinate_criteria_positions_invalid() }
        return { rule: { kind, points: byPosition } }
      }
      case 'first-time':
      case 'new-municipality':
        if (points === null) return { error: m.coordinate_criteria_points_required() }
        return { rule: { kind, points } }
      case 'yes':
        if (!question) return { error: m.coordinate_criteria_question_required() }
        if (points === null) return { error: m.coordinate_criteria_points_required() }
        return { rule: { kind, question, points } }
      case 'number-scaled': {
        const pointsPerUnit = num('pointsPerUnit')
        const max = num('max')
        if (!question) return { error: m.coordinate_criteria_question_required() }
        if (pointsPerUnit === null) return { error: m.coordinate_criteria_points_required() }
        return { rule: { kind, question, pointsPerUnit, ...(max !== null ? { max } : {}) } }
      }
      case 'number-threshold': {
        const atLeast = num('atLeast')
        if (!question) return { error: m.coordinate_criteria_question_required() }
        if (atLeast === null) return { error: m.coordinate_criteria_threshold_required() }
        if (points === null) return { error: m.coordinate_criteria_points_required() }
        return { rule: { kind, question, atLeast, points } }
      }
    }
  }
  if (section === 'balance') {
    switch (kind) {
      case 'per-municipality':
      case 'per-country': {
        const max = whole('max')
        if (max === null) return { error: m.coordinate_criteria_count_invalid() }
        return { rule: { kind, max } }
      }
      case 'distinct-municipalities': {
        const min = whole('min')
        if (min === null) return { error: m.coordinate_criteria_count_invalid() }
        return { rule: { kind, min } }
      }
      case 'group-count':
      case 'group-share': {
        const [attribute, value] = text('group').split(':')
        if ((attribute !== 'gender' && attribute !== 'community') || !value)
          return { error: m.coordinate_criteria_group_required() }
        if (kind === 'group-count') {
          const min = whole('min')
          if (min === null) return { error: m.coordinate_criteria_count_invalid() }
          return { rule: { kind, attribute, value, min } }
        }
        const share = num('share')
        if (share === null || share <= 0 || share > 100)
          return { error: m.coordinate_criteria_share_invalid() }
        return { rule: { kind, attribute, value, share: Math.round(share * 100) / 10_000 } }
      }
    }
  }
  return { error: m.problem_bad_request() }
}

export type CriteriaOp =
  | { kind: 'save' }
  | { kind: 'remove'; section: Section; index: number }
  | { kind: 'add'; section: Section; rule: string }

export function readCriteriaOp(value: string): CriteriaOp {
  const [name, section, arg = ''] = value.split(':')
  if (!(sections as readonly string[]).includes(section ?? '')) return { kind: 'save' }
  const at = section as Section
  if (name === 'remove' && /^\d+$/.test(arg))
    return { kind: 'remove', section: at, index: Number(arg) }
  if (name === 'add' && (ruleKinds[at] as readonly string[]).includes(arg))
    return { kind: 'add', section: at, rule: arg }
  return { kind: 'save' }
}

/**
 * The criteria as the controls now say, after the operation, with what keeps them from being
 * saved keyed by the control group (`rule-<section>-<i>`, `new-<section>-<kind>`).
 */
export function readCriteria(
  form: FormData,
  fields: readonly FormField[],
): { criteria: CallCriteria; op: CriteriaOp; errors: Record<string, string> } {
  const op = readCriteriaOp(typeof form.get('op') === 'string' ? (form.get('op') as string) : '')
  const errors: Record<string, string> = {}
  const criteria: Record<Section, Rule[]> = { eligibility: [], scores: [], balance: [] }
  for (const section of sections) {
    for (let i = 0; form.has(`r.${section}.${i}.kind`); i++) {
      if (op.kind === 'remove' && op.section === section && op.index === i) continue
      const kind = String(form.get(`r.${section}.${i}.kind`))
      const read = readRule(form, `r.${section}.${i}`, section, kind, fields)
      if ('rule' in read) criteria[section].push(read.rule)
      else errors[`rule-${section}-${i}`] = read.error
    }
  }
  if (op.kind === 'add') {
    const read = readRule(form, `new.${op.section}.${op.rule}`, op.section, op.rule, fields)
    if ('rule' in read) criteria[op.section].push(read.rule)
    else errors[`new-${op.section}-${op.rule}`] = read.error
  }
  return {
    criteria: criteria as unknown as CallCriteria,
    op,
    errors,
  }
}

/** The rule an API error about `/body/criteria/<section>/<i>/…` belongs to. */
export function criteriaControl(pointer: string): string | null {
  const match = /^\/body\/criteria\/(eligibility|scores|balance)\/(\d+)/.exec(pointer)
  return match ? `rule-${match[1]}-${match[2]}` : null
}

/** A rule's controls' values, by control name under its prefix. */
export function ruleValues(rule: Rule): Record<string, string | string[]> {
  switch (rule.kind) {
    case 'municipality':
      return { municipalityIds: [...rule.municipalityIds] }
    case 'country':
      return { countryCodes: [...rule.countryCodes] }
    case 'complete':
      return { requiredQuestions: [...rule.requiredQuestions] }
    case 'language':
      return { language: rule.language }
    case 'choice':
      return {
        question: rule.question,
        ...Object.fromEntries(
          Object.entries(rule.points).map(([value, points]) => [
            `points.${rule.question}.${value}`,
            String(points),
          ]),
        ),
      }
    case 'position':
      return { positions: positionText(rule.points) }
    case 'first-time':
    case 'new-municipality':
      return { points: String(rule.points) }
    case 'number-scaled':
      return {
        question: rule.question,
        pointsPerUnit: String(rule.pointsPerUnit),
        max: rule.max === undefined ? '' : String(rule.max),
      }
    case 'number-threshold':
      return { question: rule.question, atLeast: String(rule.atLeast), points: String(rule.points) }
    case 'yes':
      return 'points' in rule
        ? { question: rule.question, points: String(rule.points) }
        : { question: rule.question }
    case 'per-municipality':
    case 'per-country':
      return { max: String(rule.max) }
    case 'distinct-municipalities':
      return { min: String(rule.min) }
    case 'group-count':
      return { group: `${rule.attribute}:${rule.value}`, min: String(rule.min) }
    case 'group-share':
      return {
        group: `${rule.attribute}:${rule.value}`,
        share: String(Math.round(rule.share * 10_000) / 100),
      }
  }
}

/** The controls under `prefix` of a posted form, by name under the prefix. */
export function postedUnder(
  posted: Record<string, string[]>,
  prefix: string,
): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {}
  for (const [name, list] of Object.entries(posted))
    if (name.startsWith(`${prefix}.`)) {
      const key = name.slice(prefix.length + 1)
      values[key] = list.length === 1 ? list[0]! : list
    }
  return values
}

/** A form post as lists of strings by name (files left out), to show it again as typed. */
export function postedOf(form: FormData): Record<string, string[]> {
  const posted: Record<string, string[]> = {}
  for (const [name, value] of form) if (typeof value === 'string') (posted[name] ??= []).push(value)
  return posted
}
