import { apiCall, failLoad } from '$lib/server/api'
import { requireUser } from '$lib/server/guards'
import type { RequestHandler } from './$types'

/**
 * "Download my data": the browser has no bearer token, so the server asks the API for the
 * person's export and hands it on as a file named after the day it was made. A plain link: no
 * script needed. Visitors are sent to sign in (and come back here).
 */
export const GET: RequestHandler = async (event) => {
  requireUser(event)
  const result = await apiCall<{ exportedAt?: unknown }>(event.fetch, 'GET', '/me/data')
  if (!result.ok) failLoad(event, result)
  const exportedAt = typeof result.data.exportedAt === 'string' ? result.data.exportedAt : ''
  const day = /^\d{4}-\d{2}-\d{2}/.test(exportedAt)
    ? exportedAt.slice(0, 10)
    : new Date().toISOString().slice(0, 10)
  return new Response(`${JSON.stringify(result.data, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="agora-my-data-${day}.json"`,
      'cache-control': 'no-store',
    },
  })
}
