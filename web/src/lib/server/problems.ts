import type { FieldReason, ProblemType } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import { type Failed, type Problem, problemType } from './api'

// The API's `title`, `detail` and field details are English for developers. Readers get the
// web's own words, chosen by the problem type, the field's pointer and the field error's reason.

export type FieldErrors = Record<string, string>
export type ProblemMessages = Partial<Record<ProblemType, () => string>>

/** "in 5 minutes" in the reader's language; whole minutes from a minute on. */
export function waitFor(seconds: number | null): string {
  const format = new Intl.RelativeTimeFormat(getLocale(), { numeric: 'auto' })
  if (!seconds || seconds < 60)
    return format.format(Math.max(1, Math.ceil(seconds ?? 60)), 'second')
  return format.format(Math.ceil(seconds / 60), 'minute')
}

const typeMessages: Record<ProblemType, (failed: Failed) => string> = {
  validation: () => m.problem_validation(),
  'bad-request': () => m.problem_bad_request(),
  unauthorized: () => m.problem_unauthorized(),
  'invalid-credentials': () => m.auth_login_invalid(),
  'email-unverified': () => m.problem_email_unverified(),
  'login-throttled': (failed) =>
    failed.problem.scope === 'address'
      ? m.auth_login_throttled_address({ when: waitFor(failed.retryAfter) })
      : m.auth_login_throttled({ when: waitFor(failed.retryAfter) }),
  'token-expired': () => m.auth_token_expired(),
  'token-used': () => m.auth_token_used(),
  forbidden: () => m.problem_forbidden(),
  'not-found': () => m.problem_not_found(),
  'method-not-allowed': () => m.problem_bad_request(),
  conflict: () => m.problem_conflict(),
  'stale-version': () => m.problem_stale_version(),
  'idempotency-mismatch': () => m.problem_idempotency_mismatch(),
  'event-refused': () => m.problem_event_refused(),
  'step-locked': () => m.problem_step_locked(),
  'attempts-exhausted': () => m.problem_attempts_exhausted(),
  // The dashboard words it with the date the next reminder is allowed (`nextAllowedAt`).
  'reminder-too-soon': () => m.problem_conflict(),
  'deadline-passed': () => m.problem_deadline_passed(),
  // The evaluation report shows the count instead; a download of too few responses is a conflict.
  'too-few-responses': () => m.problem_conflict(),
  'check-in-refused': (failed) =>
    failed.problem.reason === 'closed'
      ? m.problem_check_in_closed()
      : m.problem_check_in_wrong_code(),
  'event-not-direct': () => m.problem_event_not_direct(),
  'payload-too-large': () => m.problem_payload_too_large(),
  'unsupported-media-type': () => m.problem_bad_request(),
  'headers-too-large': () => m.problem_bad_request(),
  'request-timeout': () => m.problem_request_timeout(),
  'rate-limited': (failed) => m.form_rate_limited({ when: waitFor(failed.retryAfter) }),
  unavailable: () => m.problem_unavailable(),
  internal: () => m.problem_unavailable(),
}

/**
 * What a failed call means to the reader, by its problem type. `messages` words a type the way
 * one page needs it (e.g. a stale version on the learner's page).
 */
export function problemMessage(failed: Failed, messages: ProblemMessages = {}): string {
  const type = failed.status >= 500 ? 'unavailable' : problemType(failed.problem)
  return messages[type]?.() ?? typeMessages[type](failed)
}

/** Throttling or an outage, which every form explains the same way; null for the form to explain. */
export function serviceProblem(failed: Failed): string | null {
  const type = problemType(failed.problem)
  if (type === 'rate-limited' || failed.status >= 500) return problemMessage(failed)
  return null
}

const reasonMessages: Record<FieldReason, () => string> = {
  required: m.form_required,
  'unknown-field': m.field_unknown_field,
  type: m.field_type,
  'too-short': m.field_too_short,
  'too-long': m.field_too_long,
  'too-small': m.field_too_small,
  'too-large': m.field_too_large,
  format: m.field_format,
  'not-allowed': m.field_not_allowed,
  conflict: m.field_conflict,
  'invalid-text': m.field_invalid_text,
  'unknown-reference': m.field_unknown_reference,
  'personal-information': m.form_password_personal,
  invalid: m.form_invalid,
}

// Some fields have words of their own for a reason: "/body/<field>" → reason → message.
const fieldReasonMessages: Record<string, Partial<Record<FieldReason, () => string>>> = {
  email: { format: m.form_email_invalid, required: m.form_email_required },
  password: { 'too-short': m.form_password_too_short },
  newPassword: { 'too-short': m.form_password_too_short },
  timeZone: { format: m.profile_time_zone_invalid, 'not-allowed': m.profile_time_zone_invalid },
}

/** The request field a pointer names: "/body/roles/0" → "roles", "/params/token" → "token". */
export function pointerField(pointer: string): string {
  return pointer.split('/')[2] ?? ''
}

/** One field error in the reader's language. */
export function fieldMessage(error: { pointer: string; reason?: FieldReason }): string {
  const reason = error.reason ?? 'invalid'
  return fieldReasonMessages[pointerField(error.pointer)]?.[reason]?.() ?? reasonMessages[reason]()
}

/**
 * A form's field for an API field: its id, for a message by the error's reason, or its id and
 * the one message the form shows for that field whatever the reason.
 */
export type FormField = string | { id: string; message: () => string }

/** Translated field errors of an API validation problem, for the fields a form shows. */
export function fieldErrors(problem: Problem, fields: Record<string, FormField>): FieldErrors {
  const errors: FieldErrors = {}
  for (const error of problem.errors ?? []) {
    const field = fields[pointerField(error.pointer)]
    if (!field) continue
    const id = typeof field === 'string' ? field : field.id
    errors[id] ??= typeof field === 'string' ? fieldMessage(error) : field.message()
  }
  return errors
}

/** The field errors of a failed call, or else one message for the whole form (under `form`). */
export function formErrors(failed: Failed, fields: Record<string, FormField>): FieldErrors {
  const errors = serviceProblem(failed) ? {} : fieldErrors(failed.problem, fields)
  return Object.keys(errors).length > 0 ? errors : { form: problemMessage(failed) }
}

/**
 * A failed form call explained: throttling or outage, else the errors of the fields the form
 * shows, else a message by the problem type.
 */
export function explainFailure(
  failed: Failed,
  fields: Record<string, FormField>,
  messages: ProblemMessages = {},
): { message: string | null; errors: FieldErrors } {
  const service = serviceProblem(failed)
  if (service) return { message: service, errors: {} }
  const errors = fieldErrors(failed.problem, fields)
  if (Object.keys(errors).length > 0) return { message: null, errors }
  return { message: problemMessage(failed, { validation: m.form_failed, ...messages }), errors }
}

/** Why a link from an e-mail (reset, verification) no longer works; null when it still does. */
export function linkProblem(failed: Failed): string | null {
  const type = problemType(failed.problem)
  if (type === 'token-expired') return m.auth_token_expired()
  if (type === 'token-used') return m.auth_token_used()
  // A token cut short when copied from the e-mail is refused as a validation error.
  const aboutToken = (failed.problem.errors ?? []).some(
    (error) => pointerField(error.pointer) === 'token',
  )
  if (failed.status === 404 || failed.status === 410 || aboutToken) return m.auth_token_unknown()
  return null
}

/** Why the API refused an uploaded CSV as a whole (its size, header or quoting). */
export function csvProblem(failed: Failed): string {
  const error = (failed.problem.errors ?? []).find(({ pointer }) => pointerField(pointer) === 'csv')
  if (!error || serviceProblem(failed)) return problemMessage(failed)
  if (error.reason === 'too-long') return m.admin_csv_too_large()
  if (error.reason === 'required' || error.reason === 'too-short') return m.admin_csv_required()
  return m.admin_csv_invalid()
}

/** A refused cell of an uploaded CSV row ("/<column>"), in the reader's language. */
export function csvRowMessage(error: { pointer: string; reason?: FieldReason }): string {
  const column = error.pointer.slice(1)
  switch (error.reason) {
    case 'required':
      return m.admin_csv_error_required({ column })
    case 'format':
      return m.admin_csv_error_format({ column })
    case 'unknown-reference':
      return m.admin_csv_error_unknown({ column })
    case 'conflict':
      return m.admin_csv_error_conflict({ column })
    case 'not-allowed':
      return m.admin_csv_error_not_allowed({ column })
    default:
      return m.admin_csv_error_other({ column, problem: fieldMessage(error) })
  }
}
