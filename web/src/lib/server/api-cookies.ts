import type { Cookies } from '@sveltejs/kit'
import { parseSetCookie } from 'set-cookie-parser'

/**
 * The cookies the browser holds now, including any set or cleared earlier in this request, so a
 * refresh token rotated a moment ago is not presented again (the API treats that as reuse).
 */
export function cookieHeader(cookies: Cookies): string {
  return cookies
    .getAll({ decode: (value) => value })
    .filter(({ value }) => value !== '')
    .map(({ name, value }) => `${name}=${value}`)
    .join('; ')
}

/** Passes the API's Set-Cookie headers on to the browser through SvelteKit's cookie jar. */
export function applySetCookies(setCookies: string[], cookies: Cookies, https: boolean): void {
  for (const cookie of parseSetCookie(setCookies, { decodeValues: false })) {
    const { name, value, path, expires, maxAge, domain, secure, httpOnly, sameSite } = cookie
    cookies.set(name, value, {
      path: path ?? '/',
      encode: (raw) => raw,
      httpOnly: httpOnly ?? false,
      secure: (secure ?? false) || https,
      ...(sameSite ? { sameSite: sameSite.toLowerCase() as 'lax' | 'strict' | 'none' } : {}),
      ...(expires ? { expires } : {}),
      ...(maxAge !== undefined ? { maxAge } : {}),
      ...(domain ? { domain } : {}),
    })
  }
}
