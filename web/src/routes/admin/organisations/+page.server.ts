import type { Association, Country, Municipality, Page } from '$lib/components/admin/types'
import type { PageServerLoad } from './$types'
import { getJson, isAdmin, offsetParam, pageSize, requireRole } from '../admin.server'

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event)
  const params = event.url.searchParams
  const [countries, associations] = await Promise.all([
    getJson<Country[]>(event, '/countries'),
    getJson<Association[]>(event, '/associations'),
  ])
  const country = countries.some((candidate) => candidate.code === params.get('country'))
    ? params.get('country')!
    : ''
  const association = associations.some((candidate) => candidate.slug === params.get('association'))
    ? params.get('association')!
    : ''
  const q = (params.get('q') ?? '').trim().slice(0, 100)
  const query = new URLSearchParams({
    limit: String(pageSize),
    offset: String(offsetParam(event.url)),
  })
  if (country) query.set('country', country)
  if (association) query.set('association', association)
  if (q) query.set('q', q)
  const municipalities = await getJson<Page<Municipality>>(event, `/municipalities?${query}`)
  return {
    isAdmin: isAdmin(user),
    countries,
    associations,
    municipalities,
    filters: { country, association, q },
  }
}
