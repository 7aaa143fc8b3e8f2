import type { CallCriteria, FormField } from '@agora/server/contract'
import { languageName } from '$lib/i18n'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'

type ApplicationStatus = 'draft' | 'submitted' | 'withdrawn'
type Decision = 'pending' | 'accepted' | 'rejected' | 'wait-listed' | 'declined'

const statusLabels: Record<ApplicationStatus, () => string> = {
  draft: m.application_status_draft,
  submitted: m.application_status_submitted,
  withdrawn: m.application_status_withdrawn,
}
export const applicationStatusLabel = (status: ApplicationStatus) => statusLabels[status]()

const decisionLabels: Record<Decision, () => string> = {
  pending: m.decision_pending,
  accepted: m.decision_accepted,
  rejected: m.decision_rejected,
  'wait-listed': m.decision_wait_listed,
  declined: m.decision_declined,
}
export const decisionLabel = (decision: Decision) => decisionLabels[decision]()

/** A question of the form by its key: its label, or the key when the form no longer has it. */
function question(form: readonly FormField[], key: string): string {
  return form.find((field) => field.key === key)?.label ?? key
}

/** An option's label for a declared attribute (gender, community), else the value. */
function optionLabel(form: readonly FormField[], attribute: string, value: string): string {
  const field = form.find((candidate) => candidate.kind === attribute)
  if (field && 'options' in field && Array.isArray(field.options)) {
    for (const option of field.options)
      if (typeof option === 'object' && option.value === value) return option.label
  }
  return value
}

const number = (value: number) => new Intl.NumberFormat(getLocale()).format(value)

/** Why an applicant is not eligible, naming the rule of the call's criteria. */
export function eligibilityFailure(
  criteria: CallCriteria,
  form: readonly FormField[],
  failed: { rule: number; kind: string },
): string {
  const rule = criteria.eligibility[failed.rule]
  switch (rule?.kind) {
    case 'municipality':
      return m.selection_fail_municipality()
    case 'country':
      return m.selection_fail_country()
    case 'complete':
      return m.selection_fail_complete()
    case 'language':
      return m.selection_fail_language({ language: languageName(rule.language) })
    case 'yes':
      return m.selection_fail_yes({ question: question(form, rule.question) })
    default:
      return failed.kind
  }
}

/** A score criterion in words, e.g. "First-time participant". */
export function scoreCriterion(
  criteria: CallCriteria,
  form: readonly FormField[],
  line: { rule: number; kind: string },
): string {
  const rule = criteria.scores[line.rule]
  switch (rule?.kind) {
    case 'choice':
      return m.selection_score_choice({ question: question(form, rule.question) })
    case 'position':
      return m.selection_score_position()
    case 'first-time':
      return m.selection_score_first_time()
    case 'new-municipality':
      return m.selection_score_new_municipality()
    case 'number-scaled':
    case 'number-threshold':
      return m.selection_score_number({ question: question(form, rule.question) })
    case 'yes':
      return m.selection_score_yes({ question: question(form, rule.question) })
    default:
      return line.kind
  }
}

type Target =
  | { kind: 'distinct-municipalities'; min: number }
  | { kind: 'group-count'; attribute: string; value: string; min: number }
  | { kind: 'group-share'; attribute: string; value: string; share: number }

/** A balance target in words. */
export function targetLabel(form: readonly FormField[], target: Target): string {
  switch (target.kind) {
    case 'distinct-municipalities':
      return m.selection_target_municipalities({ min: number(target.min) })
    case 'group-count':
      return m.selection_target_count({
        min: number(target.min),
        group: optionLabel(form, target.attribute, target.value),
      })
    case 'group-share':
      return m.selection_target_share({
        share: new Intl.NumberFormat(getLocale(), { style: 'percent' }).format(target.share),
        group: optionLabel(form, target.attribute, target.value),
      })
  }
}

type Shortfall =
  | { code: 'pool-too-small'; available: number }
  | { code: 'too-few-places'; places: number }
  | { code: 'conflicts-with-other-rules' }
  | null

/** Why a target was not met. */
export function shortfallReason(shortfall: Shortfall): string {
  switch (shortfall?.code) {
    case 'pool-too-small':
      return m.selection_shortfall_pool({ available: number(shortfall.available) })
    case 'too-few-places':
      return m.selection_shortfall_places({ places: number(shortfall.places) })
    case 'conflicts-with-other-rules':
      return m.selection_shortfall_rules()
    default:
      return ''
  }
}

/** A limit of the criteria in words (at most N per municipality or country). */
export function limitLabel(rule: CallCriteria['balance'][number]): string | null {
  if (rule.kind === 'per-municipality')
    return m.selection_limit_municipality({ max: number(rule.max) })
  if (rule.kind === 'per-country') return m.selection_limit_country({ max: number(rule.max) })
  return null
}

/** Points with two decimals at most, in the reader's language. */
export const points = (value: number) =>
  new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 2 }).format(value)
