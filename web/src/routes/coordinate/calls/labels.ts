import { m } from '$lib/paraglide/messages'
import type { Section } from './criteria-editor'

const sectionTitles: Record<Section, () => string> = {
  eligibility: m.coordinate_criteria_eligibility,
  scores: m.coordinate_criteria_scores,
  balance: m.coordinate_criteria_balance,
}
const sectionHelps: Record<Section, () => string> = {
  eligibility: m.coordinate_criteria_eligibility_help,
  scores: m.coordinate_criteria_scores_help,
  balance: m.coordinate_criteria_balance_help,
}
export const sectionTitle = (section: Section) => sectionTitles[section]()
export const sectionHelp = (section: Section) => sectionHelps[section]()

const ruleLabels: Record<string, () => string> = {
  'eligibility:municipality': m.coordinate_criteria_rule_municipality,
  'eligibility:country': m.coordinate_criteria_rule_country,
  'eligibility:complete': m.coordinate_criteria_rule_complete,
  'eligibility:language': m.coordinate_criteria_rule_language,
  'eligibility:yes': m.coordinate_criteria_rule_yes_required,
  'scores:choice': m.coordinate_criteria_rule_choice,
  'scores:position': m.coordinate_criteria_rule_position,
  'scores:first-time': m.coordinate_criteria_rule_first_time,
  'scores:new-municipality': m.coordinate_criteria_rule_new_municipality,
  'scores:number-scaled': m.coordinate_criteria_rule_number_scaled,
  'scores:number-threshold': m.coordinate_criteria_rule_number_threshold,
  'scores:yes': m.coordinate_criteria_rule_yes_points,
  'balance:per-municipality': m.coordinate_criteria_rule_per_municipality,
  'balance:per-country': m.coordinate_criteria_rule_per_country,
  'balance:distinct-municipalities': m.coordinate_criteria_rule_distinct_municipalities,
  'balance:group-count': m.coordinate_criteria_rule_group_count,
  'balance:group-share': m.coordinate_criteria_rule_group_share,
}

/** A kind of rule in words, e.g. "At most N per municipality". */
export const ruleKindLabel = (section: Section, kind: string) =>
  ruleLabels[`${section}:${kind}`]?.() ?? kind
