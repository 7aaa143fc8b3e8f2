import { error, redirect, type RequestEvent } from '@sveltejs/kit'
import { apiCall, type ApiResult, type Problem } from '$lib/api'
import type { Role } from '$lib/components/admin/labels'
import { m } from '$lib/paraglide/messages'

type Event = Pick<RequestEvent, 'locals' | 'url' | 'fetch'>
type Method = Parameters<typeof apiCall>[1]
export type Staff = NonNullable<App.Locals['user']>

/**
 * The signed-in user when they hold one of `roles`. The admin layout guards pages, but form
 * actions run without layout loads, so every load and action asks again.
 */
export function requireRole(event: Event, roles: Role[] = ['admin', 'coordinator']): Staff {
  const user = event.locals.user
  if (!user)
    redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`)
  if (!user.roles.some((role) => roles.includes(role)))
    error(403, { message: m.admin_error_forbidden() })
  return user
}

export const isAdmin = (user: Staff): boolean => user.roles.includes('admin')

/** One call to the identity API through SvelteKit's fetch (handleFetch adds the user's token). */
export function callApi<T>(
  event: Event,
  method: Method,
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  return apiCall<T>(event.fetch, method, path, body)
}

/** GET for loads: a failure becomes SvelteKit's error page (or the sign-in page once the session is gone). */
export async function getJson<T>(event: Event, path: string): Promise<T> {
  const result = await callApi<T>(event, 'GET', path)
  if (result.ok) return result.data
  if (result.status === 401)
    redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`)
  if (result.status === 403) error(403, { message: m.admin_error_forbidden() })
  if (result.status === 404) error(404, { message: m.admin_error_not_found() })
  error(502, { message: m.admin_error_unavailable() })
}

/** A message for a failed write that is not about one field. */
export function problemMessage(result: { status: number; problem: Problem }): string {
  if (result.status === 401) return m.admin_error_session()
  if (result.status === 403) return m.admin_error_forbidden()
  if (result.status === 404) return m.admin_error_not_found()
  if (result.status === 409) return m.admin_error_conflict()
  if (result.status === 429) return m.admin_error_rate_limited()
  if (result.status >= 500) return m.admin_error_unavailable()
  return m.admin_error_invalid()
}

/**
 * Validation errors of the API mapped to the form's fields: `fields` maps an API body field
 * (from the problem's pointer, "/body/<field>") to the id of the input and its translated message.
 */
export function fieldErrors(
  problem: Problem,
  fields: Record<string, { id: string; message: () => string }>,
): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const { pointer } of problem.errors ?? []) {
    const name = pointer.replace(/^\/body\//, '').split('/')[0] ?? ''
    const field = fields[name]
    if (field) errors[field.id] = field.message()
    else errors.form ??= m.admin_error_invalid()
  }
  return errors
}

export function text(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value.trim() : ''
}

const maxCsvBytes = 1_000_000

/** The CSV of an upload form: the chosen file when there is one, else the text area. */
export async function readCsv(form: FormData): Promise<{ csv: string; error?: string }> {
  const file = form.get('file')
  let csv = typeof form.get('csv') === 'string' ? (form.get('csv') as string) : ''
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

export function offsetParam(url: URL): number {
  const offset = Number.parseInt(url.searchParams.get('offset') ?? '', 10)
  return Number.isFinite(offset) && offset > 0 ? Math.min(offset, 1_000_000) : 0
}

export const pageSize = 20
