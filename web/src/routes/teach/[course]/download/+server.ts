import { error } from '@sveltejs/kit'
import { requireTrainer } from '$lib/server/guards'
import type { RequestHandler } from './$types'

/** The browser has no bearer token; the server fetches the zip for it and passes it on. */
export const GET: RequestHandler = async (event) => {
  requireTrainer(event)
  const response = await event.fetch(
    `/api/v1/courses/${encodeURIComponent(event.params.course)}/draft.zip`,
  )
  if (!response.ok) error(response.status, { message: response.statusText })
  return new Response(response.body, {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment',
    },
  })
}
