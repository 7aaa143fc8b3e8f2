import type { RequestEvent } from '@sveltejs/kit'
import type { Session, User } from '@agora/server/contract'
import { apiCall } from './api'
import { rememberLanguage } from './language'
import { refreshCookie, refreshOnce } from './refresh'

export const accessCookie = 'agora_access'
const accessMaxAge = 15 * 60
// An access token this close to expiry is renewed now rather than fail halfway through a page.
const expirySlackSeconds = 30

type Event = Pick<RequestEvent, 'cookies' | 'fetch' | 'locals' | 'url'>

const isHttps = (event: Pick<RequestEvent, 'url'>) => event.url.protocol === 'https:'

/** Seconds since the epoch at which a JWT expires; null when it cannot be read. */
function expiresAt(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))
    return typeof payload.exp === 'number' ? payload.exp : null
  } catch {
    return null
  }
}

function isFresh(token: string | undefined): token is string {
  const exp = token ? expiresAt(token) : null
  return exp !== null && exp - expirySlackSeconds > Date.now() / 1000
}

function forgetAccessToken(event: Event): void {
  if (event.cookies.get(accessCookie) !== undefined) {
    event.cookies.delete(accessCookie, { path: '/', secure: isHttps(event) })
  }
  event.locals.accessToken = null
  event.locals.user = null
}

/** Keeps the access token of a session the API just issued (it set its refresh cookie itself). */
function keepSession(event: Event, session: Session): void {
  event.cookies.set(accessCookie, session.accessToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(event),
    maxAge: accessMaxAge,
  })
  event.locals.accessToken = session.accessToken
  event.locals.user = session.user
}

/** After a login (or an accepted invitation, setup, verified e-mail): signed in, in their language. */
export function signIn(event: Event, session: Session): void {
  keepSession(event, session)
  rememberLanguage(event.cookies, session.user.preferredLanguage, isHttps(event))
}

/** Forgets the session in this browser; the API revokes the refresh token and clears its cookie. */
export function signOut(event: Event): void {
  forgetAccessToken(event)
  if (event.cookies.get(refreshCookie) !== undefined) {
    event.cookies.delete(refreshCookie, { path: '/', secure: isHttps(event) })
  }
}

/**
 * After the API refused an access token that had not expired (the person's roles, password or
 * sessions changed): one refresh. The new access token, or null when there is none: the browser
 * is signed out when the API refused the refresh, and keeps its session when the API could not
 * answer (an outage is not a sign-out).
 */
export async function renewSession(event: Event): Promise<string | null> {
  if (!event.cookies.get(refreshCookie)) {
    forgetAccessToken(event)
    return null
  }
  const outcome = await refreshOnce(event)
  if (outcome === 'unavailable') return null
  if (outcome === 'rejected') {
    signOut(event)
    return null
  }
  keepSession(event, outcome)
  return outcome.accessToken
}

/**
 * Finds who is signed in: the access cookie while it is fresh, else one refresh with the refresh
 * cookie. Requests with neither cookie (most public pages) make no API call at all.
 */
export async function resolveSession(event: Event): Promise<void> {
  event.locals.accessToken = null
  event.locals.user = null
  const access = event.cookies.get(accessCookie)
  if (isFresh(access)) {
    event.locals.accessToken = access
    const me = await apiCall<User>(event.fetch, 'GET', '/me')
    if (me.ok) {
      event.locals.user = me.data
      return
    }
    // The API is out of service for a moment (its database is away): the session is not over,
    // and the page's own calls, made with the token, explain the outage.
    if (me.status >= 500) return
    if (me.status !== 401) {
      event.locals.accessToken = null
      return
    }
    forgetAccessToken(event)
  } else if (access !== undefined) {
    forgetAccessToken(event)
  }
  if (!event.cookies.get(refreshCookie)) return
  const outcome = await refreshOnce(event)
  if (outcome === 'rejected') signOut(event)
  else if (outcome !== 'unavailable') keepSession(event, outcome)
}
