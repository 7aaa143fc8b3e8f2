import type { Association, Country, Municipality, Page } from '@agora/server/contract'
import { loadJson } from '$lib/server/api'
import { requireStaff, isAdmin } from '$lib/server/guards'
import { pageSize, offsetParam } from '$lib/server/forms'
import type { PageServerLoad } from './$types'

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event)
  const params = event.url.searchParams
  const [countries, associations] = await Promise.all([
    loadJson<Country[]>(event, '/countries'),
    loadJson<Association[]>(event, '/associations'),
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
  const municipalities = await loadJson<Page<Municipality>>(event, `/municipalities?${query}`)
  return {
    isAdmin: isAdmin(user),
    countries,
    associations,
    municipalities,
    filters: { country, association, q },
  }
}
