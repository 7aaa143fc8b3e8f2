import { error, json } from '@sveltejs/kit'
import type { ModulePreview } from '@agora/server/contract'
import { apiCall } from '$lib/server/api'
import { requireTrainer } from '$lib/server/guards'
import { m } from '$lib/paraglide/messages'
import type { RequestHandler } from './$types'
import { studioProblem } from './problems.server'

/** The live preview of the editor: the Markdown typed so far, rendered by the API. */
export const POST: RequestHandler = async (event) => {
  requireTrainer(event)
  const body: unknown = await event.request.json().catch(() => null)
  const markdown = (body as { markdown?: unknown } | null)?.markdown
  if (typeof markdown !== 'string') error(400, { message: m.problem_bad_request() })
  const result = await apiCall<ModulePreview>(event.fetch, 'POST', '/module-previews', { markdown })
  if (!result.ok) error(result.status, { message: studioProblem(result) })
  return json(result.data)
}
