import { error } from '@sveltejs/kit'
import { requireStaff } from '$lib/server/guards'
import { callPath } from '$lib/server/calls'
import { passOnDownload } from '$lib/server/downloads'
import { m } from '$lib/paraglide/messages'
import type { RequestHandler } from './$types'

const files = new Set(['applications.csv', 'applications.xlsx'])

/** The applications of a call with their scores, as CSV or XLSX (never the declared answers). */
export const GET: RequestHandler = async (event) => {
  requireStaff(event)
  const { callId, file } = event.params
  if (!files.has(file)) error(404, { message: m.problem_not_found() })
  return passOnDownload(event, `${callPath(callId)}/exports/${file}`)
}
