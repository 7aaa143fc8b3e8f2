import { error, redirect, type RequestEvent } from '@sveltejs/kit'
import { apiCall } from '$lib/api'
import type { Enrolment, StepDocument } from '$lib/learn/types'
import { m } from '$lib/paraglide/messages'
import { loginPath } from './redirects'

type Event = Pick<RequestEvent, 'fetch' | 'url' | 'locals'>

export function requireLearner(event: Pick<RequestEvent, 'url' | 'locals'>): void {
  if (!event.locals.user) redirect(303, loginPath(event.url))
}

function fail(status: number): never {
  error(status === 404 ? 404 : status === 403 ? 403 : 502, {
    message: status === 404 ? m.error_not_found() : m.error_generic(),
  })
}

/** The learner's live enrolment in a course, or null when they are not enrolled. */
export async function enrolmentIn(event: Event, courseSlug: string): Promise<Enrolment | null> {
  const result = await apiCall<{ items: Enrolment[] }>(
    event.fetch,
    'GET',
    `/enrolments?course=${encodeURIComponent(courseSlug)}`,
  )
  if (!result.ok) {
    if (result.status === 401) redirect(303, loginPath(event.url))
    fail(result.status)
  }
  return result.data.items.find((item) => item.course.slug === courseSlug) ?? null
}

/** Like enrolmentIn, but a page inside a course sends the unenrolled to the course page. */
export async function requireEnrolment(event: Event, courseSlug: string): Promise<Enrolment> {
  const enrolment = await enrolmentIn(event, courseSlug)
  if (!enrolment) redirect(303, `/learn/${encodeURIComponent(courseSlug)}`)
  return enrolment
}

export async function loadStep(
  event: Event,
  enrolment: Enrolment,
  step: string,
): Promise<StepDocument | 'locked'> {
  const result = await apiCall<StepDocument>(
    event.fetch,
    'GET',
    `/enrolments/${enrolment.id}/steps/${encodeURIComponent(step)}`,
  )
  if (result.ok) return result.data
  if (result.status === 409) return 'locked'
  fail(result.status)
}

/** A fresh key per rendered form: a resubmitted form (double click, flaky network) is applied once. */
export function idempotencyKey(): string {
  return crypto.randomUUID()
}
