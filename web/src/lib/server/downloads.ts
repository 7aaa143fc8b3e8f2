import type { RequestEvent } from '@sveltejs/kit'
import { getLocale } from '$lib/paraglide/runtime'
import { failLoad, problemOf } from './api'

/**
 * A file from the API passed on to the browser, which has no bearer token: the page server fetches
 * it with the session and answers with its type, name and length, kept by no cache. A refusal is
 * the usual error page (sign-in, not found, try again). The file is asked for in the reader's
 * language (`lang`: an export's headers and words).
 */
export async function passOnDownload(
  event: Pick<RequestEvent, 'fetch' | 'url'>,
  apiPath: string,
): Promise<Response> {
  const lang = `lang=${encodeURIComponent(getLocale())}`
  const response = await event.fetch(`/api/v1${apiPath}${apiPath.includes('?') ? '&' : '?'}${lang}`)
  if (!response.ok) {
    const problem = await problemOf(response)
    failLoad(event, { ok: false, status: response.status, problem, retryAfter: null })
  }
  const headers = new Headers({ 'cache-control': 'private, no-store' })
  for (const name of ['content-type', 'content-disposition', 'content-length']) {
    const value = response.headers.get(name)
    if (value) headers.set(name, value)
  }
  return new Response(response.body, { headers })
}
