import { fail } from '@sveltejs/kit'
import { m } from '$lib/paraglide/messages'
import type { FieldErrors } from './problems'

/** What a failed form action hands back to its page: a summary, per-field errors, the values typed. */
export interface FormFailure {
  form: string
  message: string | null
  errors: FieldErrors
  values: Record<string, string>
  /** The link from an e-mail no longer works: the page shows why instead of the form. */
  linkBroken: boolean
  /** Sign-in held back after failed attempts: the page offers a reset link. */
  throttled?: boolean
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

const maxCsvBytes = 1_000_000

/** The CSV of an upload form: the chosen file when there is one, else the text area. */
export async function readCsv(form: FormData): Promise<{ csv: string; error?: string }> {
  const file = form.get('file')
  let csv = textField(form, 'csv')
  if (file instanceof File && file.size > 0) {
    if (file.size > maxCsvBytes) return { csv: '', error: m.admin_csv_too_large() }
    csv = await file.text()
  }
  // Browsers submit line breaks as CRLF; the report's line numbers do not depend on it.
  csv = csv
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .trim()
  if (!csv) return { csv, error: m.admin_csv_required() }
  if (csv.length > maxCsvBytes) return { csv: '', error: m.admin_csv_too_large() }
  return { csv }
}

export const pageSize = 20

/** The offset of a paged list from the address, within what the API accepts. */
export function offsetParam(url: URL): number {
  const offset = Number.parseInt(url.searchParams.get('offset') ?? '', 10)
  return Number.isFinite(offset) && offset > 0 ? Math.min(offset, 1_000_000) : 0
}

/** A course step's slug as the API accepts it (checked before calling, to answer 404 early). */
export const stepPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
