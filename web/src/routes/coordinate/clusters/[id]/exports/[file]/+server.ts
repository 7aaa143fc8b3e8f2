import { error } from '@sveltejs/kit'
import { requireStaff } from '$lib/server/guards'
import { passOnDownload } from '$lib/server/downloads'
import { m } from '$lib/paraglide/messages'
import type { RequestHandler } from './$types'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const files = new Set(['members.csv', 'members.xlsx', 'progress.csv', 'progress.xlsx'])

/** A cluster's members or progress per municipality, as CSV or XLSX, fetched with the session. */
export const GET: RequestHandler = (event) => {
  requireStaff(event)
  const { id, file } = event.params
  if (!uuid.test(id) || !files.has(file)) error(404, { message: m.problem_not_found() })
  return passOnDownload(event, `/learning-clusters/${id}/exports/${file}`)
}
