import { error } from '@sveltejs/kit'
import { passOnDownload } from '$lib/server/downloads'
import { requireStaff } from '$lib/server/guards'
import { m } from '$lib/paraglide/messages'
import type { RequestHandler } from './$types'
import { clusterPath } from '../../../../coordinate.server'

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** One course's evaluation results in the cluster as CSV (?course=), fetched with the session. */
export const GET: RequestHandler = (event) => {
  requireStaff(event)
  const course = event.url.searchParams.get('course') ?? ''
  if (!slugPattern.test(course)) error(404, { message: m.problem_not_found() })
  return passOnDownload(
    event,
    `${clusterPath(event.params.id)}/evaluations/export.csv?course=${course}`
  )
}
