import { error } from '@sveltejs/kit'
import { requireStaff } from '$lib/server/guards'
import { failLoad, problemOf } from '$lib/server/api'
import { m } from '$lib/paraglide/messages'
import type { RequestHandler } from './$types'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const files = new Set(['members.csv', 'members.xlsx', 'progress.csv', 'progress.xlsx'])

/** The browser has no bearer token; the server fetches the export for it and passes it on. */
export const GET: RequestHandler = async (event) => {
  requireStaff(event)
  const { id, file } = event.params
  if (!uuid.test(id) || !files.has(file)) error(404, { message: m.problem_not_found() })
  const response = await event.fetch(`/api/v1/learning-clusters/${id}/exports/${file}`)
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
