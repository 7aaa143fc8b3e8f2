import { redirect } from '@sveltejs/kit'
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime'
import type { RequestHandler } from './$types'

/** Same-site paths only, so the form cannot be used as an open redirect. */
function safeRedirect(target: FormDataEntryValue | null): string {
  return typeof target === 'string' &&
    target.startsWith('/') &&
    !target.startsWith('//') &&
    !target.includes('\\')
    ? target
    : '/'
}

// A plain form POST (works without JavaScript) that remembers the choice in paraglide's cookie.
export const POST: RequestHandler = async ({ request, cookies, url }) => {
  const form = await request.formData()
  const locale = form.get('locale')
  if (typeof locale === 'string' && isLocale(locale)) {
    cookies.set(cookieName, locale, {
      path: '/',
      maxAge: cookieMaxAge,
      httpOnly: false,
      sameSite: 'lax',
      secure: url.protocol === 'https:',
    })
  }
  redirect(303, safeRedirect(form.get('redirectTo')))
}
