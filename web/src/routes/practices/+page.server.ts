import { apiCall } from '$lib/server/api'
import { offsetParam, pageSize } from '$lib/server/forms'
import type { Country, LibraryPage } from '@agora/server/contract'
import type { PageServerLoad } from './$types'
import { filterQuery, readFilters } from '$lib/practices/filters'

// The library of approved good practices: public ones for everyone, the others too once signed in.
export const load: PageServerLoad = async (event) => {
  const filters = readFilters(event.url.searchParams)
  const query = filterQuery(filters)
  const exportQuery = query.toString()
  query.set('limit', String(pageSize))
  query.set('offset', String(offsetParam(event.url)))
  const [practices, countries] = await Promise.all([
    apiCall<LibraryPage>(event.fetch, 'GET', `/library/good-practices?${query}`),
    apiCall<Country[]>(event.fetch, 'GET', '/countries'),
  ])
  return {
    filters,
    practices: practices.ok ? practices.data : null,
    countries: countries.ok ? countries.data : [],
    exportHref: `/practices/export.csv${exportQuery ? `?${exportQuery}` : ''}`,
    signedIn: event.locals.user !== null,
  }
}
