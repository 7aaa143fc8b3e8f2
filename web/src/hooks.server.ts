import type { Handle, HandleFetch } from '@sveltejs/kit'
import { paraglideMiddleware } from '$lib/paraglide/server'
import { apiOrigin } from '$lib/server/config'

export const handle: Handle = ({ event, resolve }) =>
  paraglideMiddleware(event.request, ({ request, locale }) => {
    event.request = request
    return resolve(event, {
      transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale),
    })
  })

type InProcessFetch = (request: Request) => Promise<Response>
const inProcessApi = Symbol.for('agora.api.fetch')

/**
 * API calls made while rendering go straight to the Fastify app when both run in one process
 * (it registers itself under a global symbol); otherwise over HTTP to AGORA_API_ORIGIN.
 */
export const handleFetch: HandleFetch = ({ request, fetch }) => {
  const url = new URL(request.url)
  if (!url.pathname.startsWith('/api/')) return fetch(request)
  const inProcess = (globalThis as Record<symbol, InProcessFetch | undefined>)[inProcessApi]
  if (inProcess) return inProcess(request)
  return fetch(new Request(apiOrigin() + url.pathname + url.search, request))
}
