import { error, redirect, type RequestEvent } from '@sveltejs/kit'
import type {
  CoursePage,
  CourseSummary,
  Enrolment,
  EnrolmentList,
  ProblemBody,
  ProblemType,
  RegistrationStatus,
  StepDocument,
} from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'
import { loginPath } from './redirects'

// The web's one way to call the API: every page and action goes through apiCall, and every load
// through loadJson, so a problem+json answer is handled (and translated) the same everywhere.

/**
 * An API problem (RFC 9457); pages translate it by `type`, field pointers and reasons. Problem
 * types may add members (RFC 9457 §3.2), e.g. `current` on an edit conflict.
 */
export type Problem = ProblemBody & Record<string, unknown>

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; problem: Problem; retryAfter: number | null }

export type Failed = Extract<ApiResult<unknown>, { ok: false }>

type Fetch = typeof fetch
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
type Event = Pick<RequestEvent, 'fetch' | 'url'>

const problemTypes: Record<ProblemType, true> = {
  validation: true,
  'bad-request': true,
  unauthorized: true,
  'invalid-credentials': true,
  'email-unverified': true,
  'login-throttled': true,
  'token-expired': true,
  'token-used': true,
  forbidden: true,
  'not-found': true,
  'method-not-allowed': true,
  conflict: true,
  'stale-version': true,
  'idempotency-mismatch': true,
  'event-refused': true,
  'step-locked': true,
  'attempts-exhausted': true,
  'reminder-too-soon': true,
  'deadline-passed': true,
  'too-few-responses': true,
  'check-in-refused': true,
  'event-not-direct': true,
  'payload-too-large': true,
  'unsupported-media-type': true,
  'headers-too-large': true,
  'request-timeout': true,
  'rate-limited': true,
  unavailable: true,
  internal: true,
}

function isProblemType(slug: string): slug is ProblemType {
  return Object.hasOwn(problemTypes, slug)
}

/** The problem's type without its path ("/problems/stale-version" → "stale-version"). */
export function problemType(problem: Pick<Problem, 'type'>): ProblemType {
  const slug = problem.type.split('/').pop() ?? ''
  return isProblemType(slug) ? slug : 'internal'
}

const typeByStatus: Partial<Record<number, ProblemType>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  408: 'request-timeout',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  431: 'headers-too-large',
  429: 'rate-limited',
  503: 'unavailable',
}

/** The problem of a failed answer; a body that is not a problem (a proxy's page) gets one by status. */
export async function problemOf(response: Response): Promise<Problem> {
  if (response.headers.get('content-type')?.includes('json')) {
    try {
      const body: unknown = await response.json()
      if (body && typeof body === 'object' && 'type' in body && typeof body.type === 'string')
        return { title: '', status: response.status, ...body, type: body.type }
    } catch {
      // Not JSON after all: falls through to the problem by status.
    }
  }
  const type = typeByStatus[response.status] ?? 'internal'
  return { type: `/problems/${type}`, title: response.statusText, status: response.status }
}

/** Seconds to wait, from the problem body or else the Retry-After header. */
function retryAfterOf(response: Response, problem: Problem): number | null {
  if (typeof problem.retryAfter === 'number') return problem.retryAfter
  const header = Number(response.headers.get('retry-after'))
  return Number.isFinite(header) && header > 0 ? header : null
}

/** Calls the API and hands back either its data or its problem, so forms can explain failures. */
export async function apiCall<T = void>(
  fetch: Fetch,
  method: Method,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders }
  // Fastify rejects an empty body sent as JSON, so the type is only declared with a body.
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  if (response.ok) {
    const text = response.status === 204 ? '' : await response.text()
    return { ok: true, status: response.status, data: (text ? JSON.parse(text) : undefined) as T }
  }
  const problem = await problemOf(response)
  return {
    ok: false,
    status: response.status,
    problem,
    retryAfter: retryAfterOf(response, problem),
  }
}

/**
 * The error page for a load whose API call failed: the sign-in page once the session is gone,
 * else a page that says why in the reader's language. An address that names nothing is not
 * found; a 503 (the database is out of reach, the server is restarting) stays a 503, "try again
 * in a moment"; any other failure is the API's fault, a 502.
 */
export function failLoad(event: Pick<RequestEvent, 'url'>, failed: Failed): never {
  if (failed.status === 401) redirect(303, loginPath(event.url))
  if (failed.status === 403) error(403, { message: m.problem_forbidden() })
  // A load asks for what its address names (a course, a step); an address the API refuses as
  // malformed (a 400: not a slug, an unknown language) names nothing either.
  if (failed.status === 404 || failed.status === 400) error(404, { message: m.problem_not_found() })
  error(failed.status === 503 ? 503 : 502, { message: m.problem_unavailable() })
}

/** GET for loads: the data, or the error page (see failLoad). */
export async function loadJson<T>(event: Event, path: string): Promise<T> {
  const result = await apiCall<T>(event.fetch, 'GET', path)
  if (result.ok) return result.data
  failLoad(event, result)
}

/** The catalogue, titled in `lang` where a course has it; null when the API cannot answer. */
export async function catalogue(fetch: Fetch, lang: string): Promise<CourseSummary[] | null> {
  const result = await apiCall<CoursePage>(
    fetch,
    'GET',
    `/courses?limit=100&lang=${encodeURIComponent(lang)}`,
  )
  return result.ok ? result.data.items : null
}

/**
 * A published course as anyone may read it before enrolling (title, summary, audience, outcomes,
 * steps, hours), in the reader's language when the course has it; a 404 page when there is none.
 */
export async function findCourse(event: Event, slug: string, lang: string): Promise<CourseSummary> {
  return loadJson<CourseSummary>(
    event,
    `/courses/${encodeURIComponent(slug)}?lang=${encodeURIComponent(lang)}`,
  )
}

/** The learner's live enrolment in a course, or null when they are not enrolled. */
export async function enrolmentIn(event: Event, courseSlug: string): Promise<Enrolment | null> {
  const list = await loadJson<EnrolmentList>(
    event,
    `/enrolments?course=${encodeURIComponent(courseSlug)}`,
  )
  return list.items.find((item) => item.course.slug === courseSlug) ?? null
}

/** Like enrolmentIn, but a page inside a course sends the unenrolled to the course's public page. */
export async function requireEnrolment(event: Event, courseSlug: string): Promise<Enrolment> {
  const enrolment = await enrolmentIn(event, courseSlug)
  if (!enrolment) redirect(303, `/courses/${encodeURIComponent(courseSlug)}`)
  return enrolment
}

/** A module or survey as the learner reads it, or 'locked' when it is not open to them yet. */
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
  failLoad(event, result)
}

/** Whether learners may create their own account (off by default; off when the API cannot say). */
export async function registrationEnabled(fetch: Fetch): Promise<boolean> {
  const result = await apiCall<RegistrationStatus>(fetch, 'GET', '/auth/registration')
  return result.ok && result.data.enabled
}

/** A fresh key per rendered form: a resubmitted form (double click, flaky network) is applied once. */
export function idempotencyKey(): string {
  return crypto.randomUUID()
}
