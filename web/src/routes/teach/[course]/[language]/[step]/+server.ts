import { error, json } from '@sveltejs/kit'
import { apiCall } from '$lib/api'
import { requireTrainer } from '../../../teach.server'
import type { ModulePreview } from './preview'
import type { RequestHandler } from './$types'

/** The live preview of the editor: the Markdown typed so far, rendered by the API. */
export const POST: RequestHandler = async (event) => {
  requireTrainer(event)
  const body: unknown = await event.request.json().catch(() => null)
  const markdown = (body as { markdown?: unknown } | null)?.markdown
  if (typeof markdown !== 'string') error(400, { message: 'markdown must be a string' })
  const result = await apiCall<ModulePreview>(event.fetch, 'POST', '/module-previews', { markdown })
  if (!result.ok) error(result.status, { message: result.problem.title })
  return json(result.data)
}
