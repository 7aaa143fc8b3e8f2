export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  retryAfter?: number
  errors?: { pointer: string; detail: string }[]
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title)
  }
}

export type Role = 'learner' | 'trainer' | 'coordinator' | 'admin'

/** The signed-in person as GET /api/v1/me describes them. */
export interface User {
  id: string
  email: string
  name: string
  preferredLanguage: string
  timeZone: string
  position: string | null
  roles: Role[]
  municipality: { id: string; name: string; countryCode: string } | null
  association: { id: string; slug: string; acronym: string; name: string } | null
  createdAt: string
}

export interface Session {
  accessToken: string
  expiresIn: number
  user: User
}

type Fetch = typeof fetch

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; problem: Problem; retryAfter: number | null }

async function problemOf(response: Response): Promise<Problem> {
  if (response.headers.get('content-type')?.includes('json')) {
    try {
      return (await response.json()) as Problem
    } catch {
      // A body that is not JSON after all falls through to the generic problem below.
    }
  }
  return { type: '/problems/internal', title: response.statusText, status: response.status }
}

/** Seconds to wait, from the problem body or else the Retry-After header. */
function retryAfterOf(response: Response, problem: Problem): number | null {
  if (typeof problem.retryAfter === 'number') return problem.retryAfter
  const header = Number(response.headers.get('retry-after'))
  return Number.isFinite(header) && header > 0 ? header : null
}

/** GET a JSON resource of the API; a problem+json answer becomes an ApiError. */
export async function apiGet<T>(fetch: Fetch, path: string): Promise<T> {
  const response = await fetch(`/api/v1${path}`, { headers: { accept: 'application/json' } })
  if (response.ok) return (await response.json()) as T
  throw new ApiError(await problemOf(response))
}

/** Calls the API and hands back either its data or its problem, so forms can explain failures. */
export async function apiCall<T = void>(
  fetch: Fetch,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
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

/** The problem slug, e.g. "/problems/token-expired" → "token-expired". */
export function problemSlug(problem: Problem): string {
  return problem.type.split('/').pop() ?? ''
}
