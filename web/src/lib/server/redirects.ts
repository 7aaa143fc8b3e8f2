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
