import type { Application, FormField } from '@agora/server/contract'

// The application form of a call, rendered from the call's field definitions and read back from a
// plain form post: every control's value is a string (or several, for ticked languages), so the
// page can show exactly what was typed after a refusal, with or without JavaScript.

/** What the form holds, as typed. */
export interface FormValues {
  municipalityId: string
  /** Fields asked once per application (and, in a person call, of the applicant). */
  answers: Record<string, string | string[]>
  /** A municipality call's nominated officials, in order. */
  nominees: NomineeValues[]
}

export interface NomineeValues {
  name: string
  email: string
  answers: Record<string, string | string[]>
}

type Answer = string | number | boolean

/** The body of PUT /calls/:id/application (and of the submission). */
export interface ApplicationInput {
  municipalityId?: string
  answers?: Record<string, Answer>
  candidates: {
    name?: string
    email?: string
    position?: string
    languages?: string[]
    answers?: Record<string, Answer>
    declared?: Record<string, string>
  }[]
}

export const maxNomineesShown = 50

/** Fields of the person or application (municipality is its own control). */
export function applicationFields(form: FormField[], municipalityCall: boolean): FormField[] {
  return form.filter(
    (field) => field.kind !== 'municipality' && (!municipalityCall || field.per !== 'nominee'),
  )
}

/** Fields asked of each nominated official (municipality calls). */
export function nomineeFields(form: FormField[], municipalityCall: boolean): FormField[] {
  return municipalityCall
    ? form.filter((field) => field.kind !== 'municipality' && field.per === 'nominee')
    : []
}

export const isDeclared = (field: FormField) =>
  field.kind === 'gender' || field.kind === 'community'

/** The control's name: `a.<key>` for the application, `n<i>.<key>` for nominee i. */
export const controlName = (scope: string, key: string) => `${scope}.${key}`

function read(form: FormData, name: string, field: FormField): string | string[] {
  if (field.kind === 'languages')
    return form.getAll(name).filter((value): value is string => typeof value === 'string')
  const value = form.get(name)
  return typeof value === 'string' ? value.trim() : ''
}

function readScope(form: FormData, scope: string, fields: FormField[]) {
  return Object.fromEntries(
    fields.map((field) => [field.key, read(form, controlName(scope, field.key), field)]),
  )
}

/**
 * The values of a posted form. `rows` is the number of nominee rows shown; `remove` drops one
 * row (a "Remove" button), `add` appends an empty one.
 */
export function readForm(
  form: FormData,
  fields: FormField[],
  municipalityCall: boolean,
  change: { add?: boolean; remove?: number } = {},
): FormValues {
  const municipalityId = form.get('municipalityId')
  const rows = Math.min(Number.parseInt(String(form.get('rows') ?? '1'), 10) || 1, maxNomineesShown)
  const perNominee = nomineeFields(fields, municipalityCall)
  let nominees: NomineeValues[] = []
  if (municipalityCall) {
    for (let index = 0; index < rows; index++) {
      const scope = `n${index}`
      nominees.push({
        name: String(form.get(controlName(scope, 'name')) ?? '').trim(),
        email: String(form.get(controlName(scope, 'email')) ?? '').trim(),
        answers: readScope(form, scope, perNominee),
      })
    }
    if (change.remove !== undefined) nominees = nominees.filter((_, i) => i !== change.remove)
    if (change.add) nominees.push({ name: '', email: '', answers: {} })
    if (nominees.length === 0) nominees.push({ name: '', email: '', answers: {} })
  }
  return {
    municipalityId: typeof municipalityId === 'string' ? municipalityId : '',
    answers: readScope(form, 'a', applicationFields(fields, municipalityCall)),
    nominees,
  }
}

/** A typed value as the API takes it; undefined when left blank (or not a number). */
function answerOf(field: FormField, value: string | string[] | undefined): Answer | undefined {
  if (value === undefined || Array.isArray(value) || value === '') return undefined
  if (field.kind === 'yes-no' || field.kind === 'council-membership') {
    if (value === 'yes') return true
    if (value === 'no') return false
    return undefined
  }
  if (field.kind === 'number') {
    const number = Number(value.replace(',', '.'))
    return Number.isFinite(number) ? number : undefined
  }
  return value
}

/** One candidate's part: position, languages and declared answers have places of their own. */
function candidateOf(fields: FormField[], values: Record<string, string | string[]>) {
  const candidate: ApplicationInput['candidates'][number] = {}
  const answers: Record<string, Answer> = {}
  const declared: Record<string, string> = {}
  for (const field of fields) {
    const value = values[field.key]
    if (field.kind === 'languages') {
      if (Array.isArray(value) && value.length > 0) candidate.languages = value
      continue
    }
    const answer = answerOf(field, value)
    if (answer === undefined) continue
    if (field.kind === 'position') candidate.position = String(answer)
    else if (isDeclared(field)) declared[field.kind] = String(answer)
    else answers[field.key] = answer
  }
  if (Object.keys(answers).length > 0) candidate.answers = answers
  if (Object.keys(declared).length > 0) candidate.declared = declared
  return candidate
}

/** The API body for the values. */
export function toInput(
  values: FormValues,
  fields: FormField[],
  municipalityCall: boolean,
): ApplicationInput {
  const asked = applicationFields(fields, municipalityCall)
  const input: ApplicationInput = { candidates: [] }
  if (values.municipalityId) input.municipalityId = values.municipalityId
  if (!municipalityCall) {
    // The applicant is the one candidate: the questions are the application's, while position,
    // languages and declared answers are the candidate's own.
    const { answers, ...candidate } = candidateOf(asked, values.answers)
    if (answers) input.answers = answers
    input.candidates = [candidate]
    return input
  }
  const answers: Record<string, Answer> = {}
  for (const field of asked) {
    const answer = answerOf(field, values.answers[field.key])
    if (answer !== undefined) answers[field.key] = answer
  }
  if (Object.keys(answers).length > 0) input.answers = answers
  const perNominee = nomineeFields(fields, municipalityCall)
  input.candidates = values.nominees.map((nominee) => ({
    ...(nominee.name ? { name: nominee.name } : {}),
    ...(nominee.email ? { email: nominee.email } : {}),
    ...candidateOf(perNominee, nominee.answers),
  }))
  return input
}

/** A stored answer as the control shows it. */
function shown(field: FormField, value: unknown): string | string[] {
  if (field.kind === 'languages') return Array.isArray(value) ? value.map(String) : []
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (value === undefined || value === null) return ''
  return String(value)
}

/** The values of a stored application (or an empty form). */
export function valuesOf(
  application: Application | null,
  fields: FormField[],
  municipalityCall: boolean,
): FormValues {
  const empty: NomineeValues = { name: '', email: '', answers: {} }
  if (!application)
    return { municipalityId: '', answers: {}, nominees: municipalityCall ? [empty] : [] }
  const fromCandidate = (
    candidate: Application['candidates'][number] | undefined,
    asked: FormField[],
    extra: Record<string, unknown> = {},
  ) =>
    Object.fromEntries(
      asked.map((field) => {
        let value: unknown = extra[field.key] ?? candidate?.answers[field.key]
        if (field.kind === 'position') value = candidate?.position
        if (field.kind === 'languages') value = candidate?.languages
        if (isDeclared(field)) value = candidate?.declared[field.kind]
        return [field.key, shown(field, value)]
      }),
    )
  const asked = applicationFields(fields, municipalityCall)
  if (!municipalityCall)
    return {
      municipalityId: application.municipality?.id ?? '',
      answers: fromCandidate(application.candidates[0], asked, application.answers),
      nominees: [],
    }
  const perNominee = nomineeFields(fields, municipalityCall)
  return {
    municipalityId: application.municipality?.id ?? '',
    answers: Object.fromEntries(
      asked.map((field) => [field.key, shown(field, application.answers[field.key])]),
    ),
    nominees:
      application.candidates.length > 0
        ? application.candidates.map((candidate) => ({
            name: candidate.name,
            email: candidate.email,
            answers: fromCandidate(candidate, perNominee),
          }))
        : [empty],
  }
}
