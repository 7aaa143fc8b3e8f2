import { error, redirect, type RequestEvent } from '@sveltejs/kit'
import { apiCall } from '$lib/api'
import { m } from '$lib/paraglide/messages'
import { loginPath } from '$lib/server/redirects'

type Event = Pick<RequestEvent, 'locals' | 'url' | 'fetch'>
export type Trainer = NonNullable<App.Locals['user']>

export interface CourseSummary {
  slug: string
  title: string
  language: string
  languages: string[]
}

export interface Version {
  number: number
  createdAt: string
  changeSummary: string | null
  createdBy: string | null
  contentHash: string
}

export interface Draft {
  markdown: string
  revision: number
  updatedAt: string | null
  updatedBy: string | null
}

/**
 * The signed-in trainer or admin. The hooks only guard /profile and /admin, and form actions run
 * without layout loads, so every load and action under /teach asks here.
 */
export function requireTrainer(event: Event): Trainer {
  const user = event.locals.user
  if (!user) redirect(303, loginPath(event.url))
  if (!user.roles.some((role) => role === 'trainer' || role === 'admin'))
    error(403, { message: m.teach_forbidden() })
  return user
}

/** GET for loads: a failure becomes the error page, or the sign-in page once the session is gone. */
export async function getJson<T>(event: Event, path: string): Promise<T> {
  const result = await apiCall<T>(event.fetch, 'GET', path)
  if (result.ok) return result.data
  if (result.status === 401) redirect(303, loginPath(event.url))
  if (result.status === 403) error(403, { message: m.admin_error_forbidden() })
  if (result.status === 404) error(404, { message: m.admin_error_not_found() })
  error(502, { message: m.admin_error_unavailable() })
}

/** The catalogue entry of one course, titled in the reader's language when the course has it. */
export async function findCourse(event: Event, slug: string, lang: string): Promise<CourseSummary> {
  const page = await getJson<{ items: CourseSummary[] }>(
    event,
    `/courses?limit=100&lang=${encodeURIComponent(lang)}`,
  )
  const course = page.items.find((item) => item.slug === slug)
  if (!course) error(404, { message: m.admin_error_not_found() })
  return course
}

export const stepPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
