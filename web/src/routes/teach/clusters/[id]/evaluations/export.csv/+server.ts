import { error } from '@sveltejs/kit'
import { passOnDownload } from '$lib/server/downloads'
import { clusterEvaluationsCsvQuery } from '$lib/server/evaluations'
import { requireTrainer } from '$lib/server/guards'
import { isUuid } from '$lib/server/practices'
import { m } from '$lib/paraglide/messages'
import type { RequestHandler } from './$types'

/** A course's (?course=) or one version's (&version=) evaluation results in the cluster as CSV. */
export const GET: RequestHandler = (event) => {
  requireTrainer(event)
  const query = clusterEvaluationsCsvQuery(event.url.searchParams)
  if (!isUuid(event.params.id) || query === null) error(404, { message: m.problem_not_found() })
  return passOnDownload(event, `/learning-clusters/${event.params.id}/evaluations/export.csv?${query}`)
}
