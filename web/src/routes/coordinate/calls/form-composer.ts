import {
  builtInFieldKinds,
  customFieldKinds,
  declaredFieldKinds,
  type FormField,
  type FormFieldKind,
} from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

// The application form's composer without JavaScript: one <form> holds every field's controls
// (`f.<i>.label`, …, with the stored field as JSON in `f.<i>.json` for what the page does not
// edit) and the controls of a new field (`new.*`); the button pressed names the operation (`op`).
// The server reads the whole state back, applies the operation and saves the result, so nothing
// typed elsewhere in the form is lost by moving or adding a field.

export type BuiltInKind = (typeof builtInFieldKinds)[number] | (typeof declaredFieldKinds)[number]
export type CustomKind = (typeof customFieldKinds)[number]

const named = new Set<string>([...builtInFieldKinds, ...declaredFieldKinds])
export const isDeclaredKind = (kind: string) =>
  (declaredFieldKinds as readonly string[]).includes(kind)
export const hasOptions = (kind: string) =>
  kind === 'choice' || kind === 'languages' || isDeclaredKind(kind)

const kindLabels: Record<FormFieldKind, () => string> = {
  position: m.coordinate_call_kind_position,
  municipality: m.coordinate_call_kind_municipality,
  motivation: m.coordinate_call_kind_motivation,
  'prior-training': m.coordinate_call_kind_prior_training,
  'council-membership': m.coordinate_call_kind_council_membership,
  languages: m.coordinate_call_kind_languages,
  gender: m.coordinate_call_kind_gender,
  community: m.coordinate_call_kind_community,
  text: m.coordinate_call_kind_text,
  choice: m.coordinate_call_kind_choice,
  'yes-no': m.coordinate_call_kind_yes_no,
  number: m.coordinate_call_kind_number,
}
export const kindLabel = (kind: FormFieldKind) => kindLabels[kind]()

/** A field's text as one string: "a. b" → lower-case ASCII words joined by hyphens. */
export function slug(text: string, maxLength: number): string {
  return text
    .replaceAll('đ', 'dj')
    .replaceAll('Đ', 'Dj')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '')
}

function unique(base: string, taken: Set<string>, maxLength: number): string {
  let candidate = base
  for (let n = 2; taken.has(candidate); n++)
    candidate = `${base.slice(0, maxLength - String(n).length - 1)}-${n}`
  return candidate
}

/** A custom question's key from its label: unique in the form, never a built-in field's key. */
export function keyFor(label: string, taken: Iterable<string>): string {
  let base = slug(label, 40) || 'question'
  if (!/^[a-z]/.test(base)) base = `q-${base}`.slice(0, 40).replace(/-+$/, '')
  return unique(base, new Set([...taken, ...named]), 40)
}

type Option = { value: string; label: string }

/**
 * Options from a text area, one label a line; an option keeps its value while its label stays,
 * so the criteria that name it keep working.
 */
export function optionsFrom(text: string, previous: readonly Option[] = []): Option[] {
  const taken = new Set<string>()
  const options: Option[] = []
  for (const line of text.split('\n')) {
    const label = line.trim()
    if (!label || options.some((option) => option.label === label)) continue
    const kept = previous.find((option) => option.label === label)?.value
    const value = kept && !taken.has(kept) ? kept : unique(slug(label, 60) || 'option', taken, 60)
    taken.add(value)
    options.push({ value, label })
  }
  return options
}

/** Language tags from a text ("sr-Latn, en sq") as BCP 47 tags, each once. */
export function languagesFrom(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))]
}

/** A field's options as its text area shows them. */
export function optionsText(field: FormField): string {
  if (field.kind === 'languages') return field.options.join(', ')
  return 'options' in field ? field.options.map((option) => option.label).join('\n') : ''
}

function defaultOptions(kind: string, languages: readonly string[]): Option[] | string[] {
  if (kind === 'languages') return [...languages]
  if (kind === 'gender')
    return [
      { value: 'woman', label: m.coordinate_call_option_woman() },
      { value: 'man', label: m.coordinate_call_option_man() },
      { value: 'other', label: m.coordinate_call_option_other() },
    ]
  if (kind === 'community')
    return [
      { value: 'national-minority', label: m.coordinate_call_option_minority() },
      { value: 'majority', label: m.coordinate_call_option_majority() },
    ]
  return []
}

/** A built-in field as it is first added: its kind's name for a label, not required. */
export function builtInField(kind: BuiltInKind, languages: readonly string[]): FormField {
  const base = { kind, key: kind, label: kindLabel(kind), required: false }
  if (hasOptions(kind)) return { ...base, options: defaultOptions(kind, languages) } as FormField
  return base as FormField
}

export type ComposerOp =
  | { kind: 'save' }
  | { kind: 'up' | 'down' | 'remove'; index: number }
  | { kind: 'add-builtin' }
  | { kind: 'add-custom' }

export function readOp(value: string): ComposerOp {
  const [name, index] = value.split(':')
  if ((name === 'up' || name === 'down' || name === 'remove') && /^\d+$/.test(index ?? ''))
    return { kind: name, index: Number(index) }
  if (name === 'add-builtin' || name === 'add-custom') return { kind: name }
  return { kind: 'save' }
}

/** The new field's controls as typed, kept when it is refused. */
export interface NewFieldValues {
  builtin: string
  kind: string
  label: string
  options: string
  required: boolean
}

const number = (text: string): number | undefined =>
  text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined

/**
 * The composer read back: every field as the controls now say, the new field's controls, and
 * the operation. Fields whose stored JSON is missing or broken are skipped.
 */
export function readComposer(form: FormData): {
  fields: FormField[]
  added: NewFieldValues
  op: ComposerOp
} {
  const text = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value.trim() : ''
  }
  const fields: FormField[] = []
  for (let i = 0; form.has(`f.${i}.json`); i++) {
    let stored: FormField
    try {
      stored = JSON.parse(text(`f.${i}.json`)) as FormField
    } catch {
      continue
    }
    if (!stored || typeof stored !== 'object' || typeof stored.kind !== 'string') continue
    const field: Record<string, unknown> = { ...stored, label: text(`f.${i}.label`) }
    const help = text(`f.${i}.help`)
    if (help) field.help = help
    else delete field.help
    field.required = isDeclaredKind(stored.kind) ? false : form.has(`f.${i}.required`)
    const per = text(`f.${i}.per`)
    if (per === 'application' || per === 'nominee') field.per = per
    if (stored.kind === 'languages') field.options = languagesFrom(text(`f.${i}.options`))
    else if (hasOptions(stored.kind))
      field.options = optionsFrom(
        text(`f.${i}.options`),
        'options' in stored ? (stored.options as Option[]) : [],
      )
    if (stored.kind === 'number') {
      for (const bound of ['min', 'max'] as const) {
        const value = number(text(`f.${i}.${bound}`))
        if (value === undefined) delete field[bound]
        else field[bound] = value
      }
      field.integer = form.has(`f.${i}.integer`)
    }
    if (stored.kind === 'text') field.multiline = form.has(`f.${i}.multiline`)
    fields.push(field as FormField)
  }
  return {
    fields,
    added: {
      builtin: text('new.builtin'),
      kind: text('new.kind'),
      label: text('new.label'),
      options: text('new.options'),
      required: form.has('new.required'),
    },
    op: readOp(text('op')),
  }
}

/**
 * The form after the operation, or the errors that keep it from happening (keyed by the id of
 * the control they belong to).
 */
export function applyComposerOp(
  fields: FormField[],
  op: ComposerOp,
  added: NewFieldValues,
  languages: readonly string[],
): { fields: FormField[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  fields.forEach((field, i) => {
    if (!field.label) errors[`f-${i}-label`] = m.coordinate_call_field_label_required()
    if (hasOptions(field.kind) && (field as { options: unknown[] }).options.length === 0)
      errors[`f-${i}-options`] = m.coordinate_call_field_options_required()
  })
  const next = [...fields]
  switch (op.kind) {
    case 'up':
    case 'down': {
      const to = op.kind === 'up' ? op.index - 1 : op.index + 1
      if (op.index < next.length && to >= 0 && to < next.length)
        [next[op.index], next[to]] = [next[to]!, next[op.index]!]
      break
    }
    case 'remove':
      next.splice(op.index, 1)
      // The removed field's own problems no longer matter.
      for (const key of Object.keys(errors))
        if (key.startsWith(`f-${op.index}-`)) delete errors[key]
      break
    case 'add-builtin': {
      const kind = added.builtin as BuiltInKind
      if (!named.has(kind)) errors['new-builtin'] = m.coordinate_call_builtin_required()
      else if (next.some((field) => field.kind === kind))
        errors['new-builtin'] = m.coordinate_call_builtin_twice()
      else next.push(builtInField(kind, languages))
      break
    }
    case 'add-custom': {
      const kind = added.kind as CustomKind
      if (!(customFieldKinds as readonly string[]).includes(kind))
        errors['new-kind'] = m.coordinate_call_custom_kind_required()
      if (!added.label) errors['new-label'] = m.coordinate_call_field_label_required()
      const options = optionsFrom(added.options)
      if (kind === 'choice' && options.length === 0)
        errors['new-options'] = m.coordinate_call_field_options_required()
      if (errors['new-kind'] || errors['new-label'] || errors['new-options']) break
      next.push({
        kind,
        key: keyFor(
          added.label,
          next.map((field) => field.key),
        ),
        label: added.label,
        required: added.required,
        ...(kind === 'choice' ? { options } : {}),
      } as FormField)
      break
    }
    case 'save':
      break
  }
  return { fields: next, errors }
}

/** The control an API error about `/body/form/<i>/<property>` belongs to. */
export function composerControl(pointer: string): string | null {
  const match = /^\/body\/form\/(\d+)(?:\/([a-zA-Z]+))?/.exec(pointer)
  if (!match) return null
  const property = match[2]
  const control =
    property === 'options' || property === 'help' || property === 'per' || property === 'max'
      ? property
      : property === 'min'
        ? 'max'
        : 'label'
  return `f-${match[1]}-${control}`
}
