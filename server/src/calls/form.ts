// The rules a call's form and criteria obey beyond their schemas: keys unique, built-in fields under
// their own key, choices with distinct values, and criteria that refer only to questions the form
// asks, of the kind each rule reads. Pure: every problem is reported at once, with its pointer.
import type { FieldError } from '../http/problem.ts'
import { isPersonalKind } from './constants.ts'
import {
  builtInFieldKinds,
  type CallCriteria,
  declaredFieldKinds,
  type ApplicantKind,
  type Form,
  type FormField,
  type FormFieldKind,
} from './schemas.ts'

const namedKinds = new Set<string>([...builtInFieldKinds, ...declaredFieldKinds])

/** Problems of a form, pointing into `/body/form`. */
export function checkForm(form: Form, applicantKind: ApplicantKind): FieldError[] {
  const errors: FieldError[] = []
  const seen = new Map<string, number>()
  form.forEach((field, i) => {
    const at = `/body/form/${i}`
    const first = seen.get(field.key)
    if (first !== undefined)
      errors.push({
        pointer: `${at}/key`,
        reason: 'conflict',
        detail: `the key "${field.key}" is already used by field ${first}`,
      })
    else seen.set(field.key, i)
    if (namedKinds.has(field.kind) && field.key !== field.kind)
      errors.push({
        pointer: `${at}/key`,
        reason: 'conflict',
        detail: `a built-in ${field.kind} field has the key "${field.kind}"`,
      })
    if (!namedKinds.has(field.kind) && namedKinds.has(field.key))
      errors.push({
        pointer: `${at}/key`,
        reason: 'conflict',
        detail: `"${field.key}" is the key of a built-in field; choose another`,
      })
    if (field.per === 'nominee' && applicantKind === 'person')
      errors.push({
        pointer: `${at}/per`,
        reason: 'not-allowed',
        detail: 'only a municipality call asks fields of each nominee',
      })
    if (
      applicantKind === 'municipality' &&
      isPersonalKind(field.kind) &&
      field.per === 'application'
    )
      errors.push({
        pointer: `${at}/per`,
        reason: 'not-allowed',
        detail: `the ${field.kind} is asked of each nominee`,
      })
    if (field.kind === 'municipality' && field.per === 'nominee')
      errors.push({
        pointer: `${at}/per`,
        reason: 'not-allowed',
        detail: 'the municipality is asked once, of the application',
      })
    if ('options' in field && field.kind !== 'languages') {
      const values = new Set<string>()
      field.options.forEach((option, j) => {
        if (values.has(option.value))
          errors.push({
            pointer: `${at}/options/${j}/value`,
            reason: 'conflict',
            detail: `the value "${option.value}" is offered twice`,
          })
        values.add(option.value)
      })
    }
    if (field.kind === 'number' && field.min !== undefined && field.max !== undefined)
      if (field.min > field.max)
        errors.push({ pointer: `${at}/max`, reason: 'conflict', detail: 'is below min' })
  })
  return errors
}

/** The values a field offers (choice, gender, community, languages), by key. */
function valuesOf(field: FormField): string[] | undefined {
  if (field.kind === 'languages') return field.options
  if ('options' in field) return field.options.map((option) => option.value)
  return undefined
}

/**
 * Problems of criteria read against the form, pointing at the criterion (`/body/criteria/...`):
 * a rule that names a question the form does not ask, or one of another kind, or an option it
 * does not offer.
 */
export function checkCriteria(criteria: CallCriteria, form: Form): FieldError[] {
  const errors: FieldError[] = []
  const byKey = new Map(form.map((field) => [field.key, field]))
  const missing = (pointer: string, key: string) =>
    errors.push({
      pointer,
      reason: 'unknown-reference',
      detail: `the form has no question "${key}"`,
    })
  const question = (pointer: string, key: string, kinds: FormFieldKind[], what: string) => {
    const field = byKey.get(key)
    if (!field) {
      missing(pointer, key)
      return undefined
    }
    if (!kinds.includes(field.kind)) {
      errors.push({ pointer, reason: 'conflict', detail: `"${key}" is not ${what}` })
      return undefined
    }
    return field
  }
  const yesNoQuestion = (pointer: string, key: string) =>
    question(pointer, key, ['yes-no', 'council-membership'], 'a yes/no question')
  const offered = (pointer: string, field: FormField | undefined, values: string[]) => {
    const allowed = field ? valuesOf(field) : undefined
    if (!allowed) return
    for (const value of values)
      if (!allowed.includes(value))
        errors.push({
          pointer,
          reason: 'unknown-reference',
          detail: `"${field!.key}" offers no "${value}"`,
        })
  }

  criteria.eligibility.forEach((rule, i) => {
    const at = `/body/criteria/eligibility/${i}`
    if (rule.kind === 'complete')
      rule.requiredQuestions.forEach((key, j) => {
        if (!byKey.has(key)) missing(`${at}/requiredQuestions/${j}`, key)
      })
    else if (rule.kind === 'yes') yesNoQuestion(`${at}/question`, rule.question)
    else if (rule.kind === 'language') {
      const field = question(`${at}/language`, 'languages', ['languages'], 'the languages field')
      offered(`${at}/language`, field, [rule.language])
    }
  })
  criteria.scores.forEach((rule, i) => {
    const at = `/body/criteria/scores/${i}`
    if (rule.kind === 'choice') {
      const field = question(`${at}/question`, rule.question, ['choice'], 'a choice')
      offered(`${at}/points`, field, Object.keys(rule.points))
    } else if (rule.kind === 'position')
      question(`${at}/kind`, 'position', ['position'], 'the position field')
    else if (rule.kind === 'number-scaled' || rule.kind === 'number-threshold')
      question(`${at}/question`, rule.question, ['number'], 'a number question')
    else if (rule.kind === 'yes') yesNoQuestion(`${at}/question`, rule.question)
  })
  criteria.balance.forEach((rule, i) => {
    const at = `/body/criteria/balance/${i}`
    if (rule.kind === 'group-count' || rule.kind === 'group-share') {
      const field = question(`${at}/attribute`, rule.attribute, [rule.attribute], 'declared')
      offered(`${at}/value`, field, [rule.value])
    }
  })
  return errors
}
