import { answerTypeOfKind, declaredFieldKinds } from '../calls/service.ts'
import type { FieldError } from '../http/problem.ts'

/**
 * A field of a call's form as applications check answers against it. The form is the calls
 * feature's document (calls/schemas.ts `FormField`: kind, key, required, per, options, bounds);
 * `fieldsOf` reads what answering needs and nothing else.
 */
export interface FormField {
  key: string
  kind: string
  /** What the answer is. */
  type: 'text' | 'choice' | 'boolean' | 'number' | 'municipality' | 'languages' | 'declared'
  required: boolean
  /** Asked once per application, or of each nominee (municipality calls). */
  per: 'application' | 'nominee'
  options: string[]
  min: number | null
  max: number | null
  integer: boolean
  maxLength: number | null
}

const declaredKinds = new Set<string>(declaredFieldKinds)
/** Declared answers are choices kept apart; every other kind answers as the calls feature says. */
const typeOfKind = (kind: string): FormField['type'] =>
  declaredKinds.has(kind)
    ? 'declared'
    : ((answerTypeOfKind as Record<string, FormField['type']>)[kind] ?? 'text')

const optionValue = (option: unknown): string | null =>
  typeof option === 'string'
    ? option
    : option && typeof option === 'object' && 'value' in option
      ? String((option as { value: unknown }).value)
      : null

/** The fields of a call's form. */
export function fieldsOf(form: unknown): FormField[] {
  const list = Array.isArray(form) ? (form as unknown[]) : []
  return list.flatMap((raw): FormField[] => {
    if (!raw || typeof raw !== 'object') return []
    const field = raw as Record<string, unknown>
    if (typeof field.key !== 'string' || typeof field.kind !== 'string') return []
    return [
      {
        key: field.key,
        kind: field.kind,
        type: typeOfKind(field.kind),
        required: field.required === true,
        per: field.per === 'nominee' ? 'nominee' : 'application',
        options: Array.isArray(field.options)
          ? field.options.map(optionValue).filter((o): o is string => o !== null)
          : [],
        min: typeof field.min === 'number' ? field.min : null,
        max: typeof field.max === 'number' ? field.max : null,
        integer: field.integer === true,
        maxLength: typeof field.maxLength === 'number' ? field.maxLength : null,
      },
    ]
  })
}

type Answer = string | number | boolean

const blank = (answer: Answer | undefined) =>
  answer === undefined || (typeof answer === 'string' && answer.trim() === '')

/**
 * Checks answers against the fields asked at this level (`per`): each answer names such a field
 * and has its type (a choice among the options, a number within the bounds, yes/no a boolean).
 * Position, municipality and languages have places of their own in the request, and declared
 * fields go under `declared`, so answers to them here are refused. Pointers are under `at`.
 */
export function checkAnswers(
  fields: readonly FormField[],
  answers: Readonly<Record<string, Answer>>,
  at: string,
): FieldError[] {
  const byKey = new Map(fields.map((field) => [field.key, field]))
  const errors: FieldError[] = []
  for (const [key, answer] of Object.entries(answers)) {
    const field = byKey.get(key)
    const pointer = `${at}/${key}`
    if (
      !field ||
      ['municipality', 'languages', 'declared'].includes(field.type) ||
      key === 'position'
    ) {
      errors.push({
        pointer,
        reason: 'unknown-field',
        detail: field
          ? 'is answered in its own place (municipalityId, position, languages, declared)'
          : 'is not a question of the form asked here',
      })
      continue
    }
    switch (field.type) {
      case 'text':
        if (typeof answer !== 'string')
          errors.push({ pointer, reason: 'type', detail: 'must be text' })
        else if (field.maxLength !== null && answer.length > field.maxLength)
          errors.push({
            pointer,
            reason: 'too-long',
            detail: `must be at most ${field.maxLength} characters`,
          })
        break
      case 'choice':
        if (typeof answer !== 'string')
          errors.push({ pointer, reason: 'type', detail: 'must be one of the options' })
        else if (!field.options.includes(answer))
          errors.push({
            pointer,
            reason: 'not-allowed',
            detail: `must be one of: ${field.options.join(', ')}`,
          })
        break
      case 'boolean':
        if (typeof answer !== 'boolean')
          errors.push({ pointer, reason: 'type', detail: 'must be true (yes) or false (no)' })
        break
      case 'number':
        if (typeof answer !== 'number' || !Number.isFinite(answer))
          errors.push({ pointer, reason: 'type', detail: 'must be a number' })
        else if (field.integer && !Number.isInteger(answer))
          errors.push({ pointer, reason: 'type', detail: 'must be a whole number' })
        else if (field.min !== null && answer < field.min)
          errors.push({ pointer, reason: 'too-small', detail: `must be at least ${field.min}` })
        else if (field.max !== null && answer > field.max)
          errors.push({ pointer, reason: 'too-large', detail: `must be at most ${field.max}` })
        break
    }
  }
  return errors
}

/** Declared answers: each names a declared field (gender, community) and one of its options. */
export function checkDeclared(
  fields: readonly FormField[],
  declared: Readonly<Record<string, string>>,
  at: string,
): FieldError[] {
  const byKey = new Map(fields.map((field) => [field.key, field]))
  return Object.entries(declared).flatMap(([key, value]): FieldError[] => {
    const field = byKey.get(key)
    if (!field || field.type !== 'declared')
      return [
        {
          pointer: `${at}/${key}`,
          reason: 'unknown-field',
          detail: 'the form asks no such declared question',
        },
      ]
    return field.options.includes(value)
      ? []
      : [
          {
            pointer: `${at}/${key}`,
            reason: 'not-allowed',
            detail: `must be one of: ${field.options.join(', ')}`,
          },
        ]
  })
}

/** Required answers left blank among the fields given, as `required` errors under `at`. */
export function missingAnswers(
  fields: readonly FormField[],
  answers: Readonly<Record<string, Answer>>,
  at: string,
): FieldError[] {
  return fields
    .filter(
      (field) => field.required && ['text', 'choice', 'boolean', 'number'].includes(field.type),
    )
    .filter((field) => field.key !== 'position' && blank(answers[field.key]))
    .map((field) => ({
      pointer: `${at}/${field.key}`,
      reason: 'required' as const,
      detail: 'is required to submit',
    }))
}
