import { error } from '@sveltejs/kit'
import { passOnDownload } from '$lib/server/downloads'
import { clusterEvaluationsCsvQuery } from '$lib/server/evaluations'
import { requireStaff } from '$lib/server/guards'
import { m } from '$lib/paraglide/messages'
import type { RequestHandler } from './$types'
import { clusterPath } from '../../../../coordinate.server'

/** A course's (?course=) or one version's (&version=) evaluation results in the cluster as CSV. */
export const GET: RequestHandler = (event) => {
  requireStaff(event)
  const query = clusterEvaluationsCsvQuery(event.url.searchParams)
  if (query === null) error(404, { message: m.problem_not_found() })
  return passOnDownload(event, `${clusterPath(event.params.id)}/evaluations/export.csv?${query}`)
}
