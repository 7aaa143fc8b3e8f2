import { passOnDownload } from '$lib/server/downloads'
import type { RequestHandler } from './$types'
import { filterQuery, readFilters } from '$lib/practices/filters'

/**
 * The library as CSV, with the page's filters. Fetched by the page server, so that a signed-in
 * reader's export holds what their page lists (the practices shared with members too).
 */
export const GET: RequestHandler = (event) => {
  const query = filterQuery(readFilters(event.url.searchParams)).toString()
  return passOnDownload(
    event,
    `/library/good-practices/export.csv${query ? `?${query}` : ''}`
  )
}
