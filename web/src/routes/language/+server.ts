import { redirect } from '@sveltejs/kit'
import { rememberLanguage } from '$lib/server/language'
import { safeRedirect } from '$lib/server/redirects'
import type { RequestHandler } from './$types'

// A plain form POST (works without JavaScript) that remembers the choice and goes back.
export const POST: RequestHandler = async ({ request, cookies, url }) => {
  const form = await request.formData()
  const locale = form.get('locale')
  if (typeof locale === 'string') rememberLanguage(cookies, locale, url.protocol === 'https:')
  const target = form.get('redirectTo')
  redirect(303, safeRedirect(typeof target === 'string' ? target : null))
}
