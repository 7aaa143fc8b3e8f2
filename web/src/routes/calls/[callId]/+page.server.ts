import type { Association } from '@agora/server/contract'
import { apiCall } from '$lib/server/api'
import { loadCall, municipalityChoices } from '$lib/server/calls'
import type { PageServerLoad } from './$types'

// A call's public page: anyone may read a published call, without an account.
export const load: PageServerLoad = async (event) => {
  const call = await loadCall(event, event.params.callId)
  const { whoMayApply } = call
  const [associations, municipalities] = await Promise.all([
    whoMayApply.associationIds.length > 0
      ? apiCall<Association[]>(event.fetch, 'GET', '/associations')
      : null,
    whoMayApply.municipalityIds.length > 0 ? municipalityChoices(event, call) : [],
  ])
  const associationNames = new Map(
    (associations?.ok ? associations.data : []).map((association) => [
      association.id,
      association.name,
    ]),
  )
  return {
    call,
    associations: whoMayApply.associationIds.map((id) => associationNames.get(id) ?? id),
    municipalities: municipalities.map((option) => option.label),
    viewerTimeZone: event.locals.user?.timeZone ?? null,
    signedIn: event.locals.user !== null && event.locals.user !== undefined,
  }
}
