/** A same-site path to go to after signing in; anything else (other sites, odd schemes) is "/". */
export function safeRedirect(target: string | null | undefined, fallback = '/'): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//'))
    return fallback
  if (target.includes('\\') || /[\u0000-\u001f\u007f]/.test(target)) return fallback
  return target
}

/** The login page, coming back to where the visitor was. */
export function loginPath(from: URL): string {
  return `/login?redirectTo=${encodeURIComponent(from.pathname + from.search)}`
}
