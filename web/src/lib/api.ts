export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  errors?: { pointer: string; detail: string }[]
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title)
  }
}

type Fetch = typeof fetch

/** GET a JSON resource of the API; a problem+json answer becomes an ApiError. */
export async function apiGet<T>(fetch: Fetch, path: string): Promise<T> {
  const response = await fetch(`/api/v1${path}`, { headers: { accept: 'application/json' } })
  if (response.ok) return (await response.json()) as T
  const problem = response.headers.get('content-type')?.includes('json')
    ? ((await response.json()) as Problem)
    : { type: '/problems/internal', title: response.statusText, status: response.status }
  throw new ApiError(problem)
}
