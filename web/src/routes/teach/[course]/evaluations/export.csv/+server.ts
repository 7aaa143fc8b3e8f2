import { error } from '@sveltejs/kit'
import { passOnDownload } from '$lib/server/downloads'
import { stepPattern } from '$lib/server/forms'
import { requireTrainer } from '$lib/server/guards'
import { isUuid } from '$lib/server/practices'
import { m } from '$lib/paraglide/messages'
import type { RequestHandler } from './$types'

/** One version's evaluation results as CSV (?version=&step=), fetched with the session. */
export const GET: RequestHandler = (event) => {
  requireTrainer(event)
  const version = event.url.searchParams.get('version') ?? ''
  const step = event.url.searchParams.get('step') ?? ''
  if (!isUuid(version) || !stepPattern.test(step)) error(404, { message: m.problem_not_found() })
  return passOnDownload(
    event,
    `/courses/${encodeURIComponent(event.params.course)}/evaluations/${version}/export.csv?step=${step}`
  )
}
