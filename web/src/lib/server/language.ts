import type { Cookies } from '@sveltejs/kit'
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime'

/**
 * Remembers a UI language in paraglide's cookie, when it is one the UI speaks. The one place that
 * sets it: the language switcher, sign-in and a changed profile all come here.
 */
export function rememberLanguage(cookies: Cookies, language: string, https: boolean): void {
  if (!isLocale(language)) return
  cookies.set(cookieName, language, {
    path: '/',
    maxAge: cookieMaxAge,
    // Read by paraglide in the browser too.
    httpOnly: false,
    sameSite: 'lax',
    secure: https,
  })
}
