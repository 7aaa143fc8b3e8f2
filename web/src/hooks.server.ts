import { type Handle, type HandleFetch, redirect } from '@sveltejs/kit'
import { sequence } from '@sveltejs/kit/hooks'
import { paraglideMiddleware } from '$lib/paraglide/server'
import { applySetCookies, cookieHeader } from '$lib/server/api-cookies'
import { apiOrigin } from '$lib/server/config'
import { loginPath } from '$lib/server/redirects'
import { resolveSession } from '$lib/server/session'

const i18n: Handle = ({ event, resolve }) =>
  paraglideMiddleware(event.request, ({ request, locale }) => {
    event.request = request
    return resolve(event, {
      transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale),
    })
  })

const session: Handle = async ({ event, resolve }) => {
  await resolveSession(event)
  return resolve(event)
}

// Pages that only make sense signed in send a visitor to the login page and back. Roles for
// /admin are checked in routes/admin/+layout.server.ts, so a refusal is an error page in the layout.
const signedInOnly = ['/profile', '/admin']

const guard: Handle = ({ event, resolve }) => {
  const path = event.url.pathname
  const protectedPath = signedInOnly.some(
    (prefix) => path === prefix || path.startsWith(prefix + '/'),
  )
  // A token without a user: the API could not say who it is; the page's guard explains the outage.
  if (protectedPath && !event.locals.user && !event.locals.accessToken)
    redirect(303, loginPath(event.url))
  return resolve(event)
}

export const handle = sequence(i18n, session, guard)

type InProcessFetch = (request: Request, clientAddress: string | null) => Promise<Response>
const inProcessApi = Symbol.for('agora.api.fetch')

function clientAddress(event: Parameters<HandleFetch>[0]['event']): string | null {
  try {
    return event.getClientAddress()
  } catch {
    return null
  }
}

/**
 * API calls made while rendering go straight to the Fastify app when both run in one process
 * (it registers itself under a global symbol); otherwise over HTTP to AGORA_API_ORIGIN. Either
 * way SvelteKit does not pass cookies to the API for us, so the session travels here: the access
 * token as a Bearer header, the browser's cookies (the refresh token) as they stand now, and every
 * cookie the API sets goes back to the browser.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url)
  if (!url.pathname.startsWith('/api/')) return fetch(request)

  const token = event.locals.accessToken
  if (token && !request.headers.has('authorization'))
    request.headers.set('authorization', `Bearer ${token}`)
  const cookies = cookieHeader(event.cookies)
  if (cookies) request.headers.set('cookie', cookies)
  else request.headers.delete('cookie')
  // The API rate-limits and audits by the visitor's address. In-process it is handed over as the
  // call's own address, no header involved; over HTTP the web is a proxy in front of the API and
  // says it in X-Forwarded-For (replacing the browser's), which the API believes only when its
  // TRUST_PROXY lists the web's address.
  const address = clientAddress(event)
  const inProcess = (globalThis as Record<symbol, InProcessFetch | undefined>)[inProcessApi]
  if (!inProcess) {
    if (address) request.headers.set('x-forwarded-for', address)
    else request.headers.delete('x-forwarded-for')
  }
  const response = inProcess
    ? await inProcess(request, address)
    : await fetch(new Request(apiOrigin() + url.pathname + url.search, request))
  applySetCookies(response.headers.getSetCookie(), event.cookies, event.url.protocol === 'https:')
  return response
}
