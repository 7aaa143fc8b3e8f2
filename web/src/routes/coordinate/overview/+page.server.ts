import type { Association, Overview } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireStaff } from '$lib/server/guards'
import type { PageServerLoad } from './$types'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const load: PageServerLoad = async (event) => {
  requireStaff(event)
  const chosen = event.url.searchParams.get('associationId') ?? ''
  const associationId = uuid.test(chosen) ? chosen : ''
  const overview = await loadJson<Overview>(
    event,
    `/reports/overview${associationId ? `?associationId=${associationId}` : ''}`,
  )
  // Who sees the region chooses an association; the list is the reference data's, else what the
  // overview itself names.
  let associations: { value: string; label: string }[] = []
  if (overview.scope === 'region') {
    const list = await apiCall<Association[]>(event.fetch, 'GET', '/associations')
    const known = list.ok ? list.data : overview.associations
    associations = known
      .map((association) => ({
        value: association.id,
        label: `${association.name} (${association.acronym})`,
      }))
      .toSorted((a, b) => a.label.localeCompare(b.label))
  }
  return { overview, associationId, associations }
}
