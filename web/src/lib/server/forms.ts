import { fail } from '@sveltejs/kit'
import { type ApiResult, type Problem, problemSlug } from '$lib/api'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'

export type FieldErrors = Record<string, string>

/** What a failed form action hands back to its page: a summary, per-field errors, the values typed. */
export interface FormFailure {
  form: string
  message: string | null
  errors: FieldErrors
  values: Record<string, string>
  /** The link from an e-mail no longer works: the page shows why instead of the form. */
  linkBroken: boolean
}

export function formFailure(status: number, failure: Partial<FormFailure> & { form: string }) {
  const defaults: Omit<FormFailure, 'form'> = {
    message: null,
    errors: {},
    values: {},
    linkBroken: false,
  }
  return fail(status, { ...defaults, ...failure } satisfies FormFailure)
}

/** A trimmed text field. */
export function textField(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value.trim() : ''
}

/** A password field, exactly as typed. */
export function secretField(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

const minPasswordLength = 12

export function checkEmail(errors: FieldErrors, field: string, email: string): void {
  if (!email) errors[field] = m.form_email_required()
  else if (!/^[^\s@]+@[^\s@]+$/.test(email)) errors[field] = m.form_email_invalid()
}

/** A new password and its repetition: the length rule here, the rest is checked by the API. */
export function checkNewPassword(
  errors: FieldErrors,
  fields: { password: string; confirmation: string },
  password: string,
  confirmation: string,
): void {
  if (!password) errors[fields.password] = m.form_new_password_required()
  else if (password.length < minPasswordLength)
    errors[fields.password] = m.form_password_too_short()
  if (!confirmation) errors[fields.confirmation] = m.form_password_confirmation_required()
  else if (password && confirmation !== password)
    errors[fields.confirmation] = m.form_password_mismatch()
}

const passwordFields = new Set(['password', 'newPassword'])

// The API's field messages are English sentences for developers; the form shows its own words.
function describe(field: string, detail: string): string {
  if (passwordFields.has(field)) {
    if (/characters/.test(detail)) return m.form_password_too_short()
    if (/name|e-?mail/i.test(detail)) return m.form_password_personal()
  }
  if (/required|fewer than 1 /.test(detail)) return m.form_required()
  if (field === 'email') return m.form_email_invalid()
  if (field === 'timeZone') return m.profile_time_zone_invalid()
  return m.form_invalid()
}

/** Translated field errors of an API validation problem, for the fields this form shows. */
export function apiFieldErrors(problem: Problem, fields: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {}
  for (const { pointer, detail } of problem.errors ?? []) {
    const apiField = pointer.replace(/^\/body\//, '').split('/')[0] ?? ''
    const field = fields[apiField]
    if (field && !errors[field]) errors[field] = describe(apiField, detail)
  }
  return errors
}

/** "in 5 minutes" in the reader's language; whole minutes from a minute on. */
export function waitFor(seconds: number | null): string {
  const format = new Intl.RelativeTimeFormat(getLocale(), { numeric: 'auto' })
  if (!seconds || seconds < 60)
    return format.format(Math.max(1, Math.ceil(seconds ?? 60)), 'second')
  return format.format(Math.ceil(seconds / 60), 'minute')
}

type Failed = Extract<ApiResult<unknown>, { ok: false }>

/** What any form says when the API throttles or cannot answer; null for the form to explain. */
export function serviceProblem(result: Failed): string | null {
  if (problemSlug(result.problem) === 'rate-limited') {
    return m.form_rate_limited({ when: waitFor(result.retryAfter) })
  }
  if (result.status >= 500) return m.form_unavailable()
  return null
}

/** A malformed token (cut short when copied from the e-mail) is refused as a validation error. */
export function isAboutToken(problem: Problem): boolean {
  return (problem.errors ?? []).some(({ pointer }) => /^\/(body|params)\/token\b/.test(pointer))
}

/** Why a link from an e-mail (reset, verification) no longer works; null when it still does. */
export function linkProblem(result: Failed): string | null {
  const slug = problemSlug(result.problem)
  if (slug === 'token-expired') return m.auth_token_expired()
  if (slug === 'token-used') return m.auth_token_used()
  if (result.status === 404 || result.status === 410 || isAboutToken(result.problem))
    return m.auth_token_unknown()
  return null
}

/** A failed call explained: throttling or outage, else the field errors, else `otherwise`. */
export function explainFailure(
  result: Failed,
  fields: Record<string, string>,
  otherwise: string = m.form_failed(),
): { message: string | null; errors: FieldErrors } {
  const service = serviceProblem(result)
  if (service) return { message: service, errors: {} }
  const errors = apiFieldErrors(result.problem, fields)
  return { message: Object.keys(errors).length > 0 ? null : otherwise, errors }
}
