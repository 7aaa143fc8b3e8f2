import type { HandleFetch } from '@sveltejs/kit'
import { applySetCookies, cookieHeader } from './api-cookies'
import { renewSession } from './session'

/** The API's own entry when it runs in this process (server/src/web/mount.ts registers it). */
export type InProcessFetch = (request: Request, clientAddress: string | null) => Promise<Response>

type Input = Parameters<HandleFetch>[0]
type Options = { inProcess: InProcessFetch | undefined; apiOrigin: () => string }

const refreshPath = '/api/v1/auth/refresh'

function clientAddress(event: Input['event']): string | null {
  try {
    return event.getClientAddress()
  } catch {
    return null
  }
}

/**
 * An API call made while rendering goes straight to the Fastify app when both run in one process
 * (`inProcess`); otherwise over HTTP to `apiOrigin`. Either way SvelteKit does not pass cookies
 * to the API for us, so the session travels here: the access token as a Bearer header, the
 * browser's cookies (the refresh token) as they stand now, and every cookie the API sets goes
 * back to the browser.
 *
 * The API refuses a token that has not expired when the person's roles, password or sessions
 * changed since it was issued (their session epoch). Such a call gets one refresh and, with the
 * new token, one retry; when the refresh is refused the browser is signed out and the 401 stands
 * (a load then sends the person to the sign-in page).
 */
export async function fetchApi(input: Input, options: Options): Promise<Response> {
  const { event, request } = input
  const token = event.locals.accessToken
  const ours = token !== null && token !== undefined && !request.headers.has('authorization')
  const isRefresh = new URL(request.url).pathname === refreshPath
  // The retry sends the body again, so it needs a copy taken before the first send reads it.
  const retry = ours && !isRefresh ? request.clone() : null
  if (ours) request.headers.set('authorization', `Bearer ${token}`)
  const response = await send(input, request, options)
  if (!retry || !(await refusesSession(response))) return response
  const renewed = await renewSession(event)
  if (!renewed) return response
  retry.headers.set('authorization', `Bearer ${renewed}`)
  return send(input, retry, options)
}

/**
 * Whether the API refused the session itself (problem type `unauthorized`), not something the
 * call carried: a wrong current password is a 401 `invalid-credentials`, and a retry would only
 * count it twice.
 */
async function refusesSession(response: Response): Promise<boolean> {
  if (response.status !== 401) return false
  try {
    const problem: unknown = await response.clone().json()
    const type = (problem as { type?: unknown } | null)?.type
    return typeof type === 'string' && type.endsWith('/unauthorized')
  } catch {
    return false
  }
}

/** One call to the API with the browser's cookies as they stand now; their changes go back. */
async function send({ event, fetch }: Input, request: Request, options: Options) {
  const url = new URL(request.url)
  const cookies = cookieHeader(event.cookies)
  if (cookies) request.headers.set('cookie', cookies)
  else request.headers.delete('cookie')
  // The API rate-limits and audits by the visitor's address. In-process it is handed over as the
  // call's own address, no header involved; over HTTP the web is a proxy in front of the API and
  // says it in X-Forwarded-For (replacing the browser's), which the API believes only when its
  // TRUST_PROXY lists the web's address.
  const address = clientAddress(event)
  const { inProcess } = options
  if (address && !inProcess) request.headers.set('x-forwarded-for', address)
  else request.headers.delete('x-forwarded-for')
  const response = inProcess
    ? await inProcess(request, address)
    : await fetch(new Request(options.apiOrigin() + url.pathname + url.search, request))
  applySetCookies(response.headers.getSetCookie(), event.cookies, event.url.protocol === 'https:')
  return response
}
