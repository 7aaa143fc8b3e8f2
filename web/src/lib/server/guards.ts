import { error, redirect, type RequestEvent } from '@sveltejs/kit'
import type { Role, User } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'
import { loginPath } from './redirects'

type Event = Pick<RequestEvent, 'locals' | 'url'>

/**
 * The signed-in person; visitors are sent to sign in and come back. Someone signed in whom the
 * API could not name (it is out of service for a moment) gets "try again", not the sign-in page.
 */
export function requireUser(event: Event): User {
  if (event.locals.user) return event.locals.user
  if (event.locals.accessToken) error(503, { message: m.problem_unavailable() })
  redirect(303, loginPath(event.url))
}

/**
 * The signed-in person when they hold one of `roles`, else a 403 page. Layouts guard pages, but
 * form actions run without layout loads, so every load and action of a staff page asks again.
 */
export function requireRole(
  event: Event,
  roles: readonly Role[],
  refusal: () => string = m.problem_forbidden,
): User {
  const user = requireUser(event)
  if (!user.roles.some((role) => roles.includes(role))) error(403, { message: refusal() })
  return user
}

/** Admins and coordinators: the people who run /admin. */
export const requireStaff = (event: Event) => requireRole(event, ['admin', 'coordinator'])

/** Trainers and admins: the people who use the studio under /teach. */
export const requireTrainer = (event: Event) =>
  requireRole(event, ['trainer', 'admin'], m.teach_forbidden)

export const isAdmin = (user: User): boolean => user.roles.includes('admin')
