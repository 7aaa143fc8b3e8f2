import type { Cookies } from '@sveltejs/kit'

const here = 'http://agora.invalid'

/**
 * A same-site path to go to after signing in; anything else (other sites, odd schemes) is "/".
 * The path comes back percent-encoded as URL parsing writes it: a Location header carries only
 * Latin-1, and "/learn/€" as it is made the answer a 500.
 */
export function safeRedirect(target: string | null | undefined, fallback = '/'): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//'))
    return fallback
  if (target.includes('\\') || /[\u0000-\u001f\u007f]/.test(target)) return fallback
  const url = new URL(target, here)
  if (url.origin !== here) return fallback
  return url.pathname + url.search + url.hash
}

/** The login page, coming back to where the visitor was. */
export function loginPath(from: URL): string {
  return `/login?redirectTo=${encodeURIComponent(from.pathname + from.search)}`
}

/** Where a visitor who registered on the way (to apply to a call) goes once their e-mail is verified. */
const returnCookie = 'agora_return_to'
// As long as the verification link works (identity's links: 24 hours).
const returnMaxAge = 24 * 60 * 60

type CookieEvent = { cookies: Cookies; url: URL }

/**
 * Remembers a same-site path in this browser until the e-mail is verified. The link in the
 * e-mail is the API's own, so the path cannot travel in it; opened in another browser, the
 * verification lands on the profile as before.
 */
export function rememberReturn(event: CookieEvent, target: string | null | undefined): void {
  const path = safeRedirect(target, '')
  if (!path) return
  event.cookies.set(returnCookie, path, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: event.url.protocol === 'https:',
    maxAge: returnMaxAge,
  })
}

/** The remembered path (once: it is forgotten), or `fallback`. */
export function takeReturn(event: CookieEvent, fallback: string): string {
  const path = safeRedirect(event.cookies.get(returnCookie), '')
  if (event.cookies.get(returnCookie) !== undefined)
    event.cookies.delete(returnCookie, { path: '/', secure: event.url.protocol === 'https:' })
  return path || fallback
}
