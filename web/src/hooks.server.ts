import { type Handle, type HandleFetch, redirect } from '@sveltejs/kit'
import { sequence } from '@sveltejs/kit/hooks'
import { paraglideMiddleware } from '$lib/paraglide/server'
import { fetchApi, type InProcessFetch } from '$lib/server/api-fetch'
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

// A signed-in person's pages show their personal data: no browser or proxy may keep a copy (the
// API's answers are no-store too, http/security-headers.ts), unless a page says otherwise.
const session: Handle = async ({ event, resolve }) => {
  await resolveSession(event)
  const response = await resolve(event)
  if ((event.locals.user || event.locals.accessToken) && !response.headers.has('cache-control'))
    response.headers.set('cache-control', 'private, no-store')
  return response
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

const inProcessApi = Symbol.for('agora.api.fetch')

/** API calls made while rendering: see fetchApi (the session, one retry, the visitor's address). */
export const handleFetch: HandleFetch = (input) => {
  if (!new URL(input.request.url).pathname.startsWith('/api/')) return input.fetch(input.request)
  const inProcess = (globalThis as Record<symbol, InProcessFetch | undefined>)[inProcessApi]
  return fetchApi(input, { inProcess, apiOrigin })
}
