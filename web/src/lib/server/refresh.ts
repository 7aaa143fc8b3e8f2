import { createHash } from 'node:crypto'
import type { RequestEvent } from '@sveltejs/kit'
import type { Session } from '@agora/server/contract'
import { apiCall } from './api'
import { applySetCookies } from './api-cookies'

export const refreshCookie = 'agora_refresh'

interface Outcome {
  session: Session | null
  status: number
  setCookies: string[]
}

// A browser often sends several requests at once with the same expiring session (a page and the
// data it preloads on hover). Each refresh token may be used once, and presenting it again is
// taken for theft, so requests that carry the same token share one refresh for a few seconds.
const recentRefreshes = new Map<string, Promise<Outcome>>()
const shareForMs = 10_000

async function refresh(event: Pick<RequestEvent, 'fetch'>): Promise<Outcome> {
  let setCookies: string[] = []
  const fetchKeepingCookies: typeof fetch = async (input, init) => {
    const response = await event.fetch(input, init)
    setCookies = response.headers.getSetCookie()
    return response
  }
  const result = await apiCall<Session>(fetchKeepingCookies, 'POST', '/auth/refresh')
  return { session: result.ok ? result.data : null, status: result.status, setCookies }
}

/**
 * Exchanges the refresh cookie for a new session: the session, 'rejected' when the API refused
 * the token (sign in again), or 'unavailable' when it could not answer (keep the cookie).
 */
export async function refreshOnce(
  event: Pick<RequestEvent, 'cookies' | 'fetch' | 'url'>,
): Promise<Session | 'rejected' | 'unavailable'> {
  const token = event.cookies.get(refreshCookie)
  if (!token) return 'rejected'
  const key = createHash('sha256').update(token).digest('base64url')
  let pending = recentRefreshes.get(key)
  const shared = pending !== undefined
  if (!pending) {
    pending = refresh(event)
    recentRefreshes.set(key, pending)
    setTimeout(() => recentRefreshes.delete(key), shareForMs).unref()
  }
  let outcome: Outcome
  try {
    outcome = await pending
  } catch {
    return 'unavailable'
  }
  // The first request got the rotated cookie through handleFetch; the others get the same one.
  if (shared) applySetCookies(outcome.setCookies, event.cookies, event.url.protocol === 'https:')
  if (outcome.session) return outcome.session
  return outcome.status === 401 || outcome.status === 403 || outcome.status === 404
    ? 'rejected'
    : 'unavailable'
}
