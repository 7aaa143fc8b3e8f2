import { fail, redirect } from '@sveltejs/kit'
import type { Call, Cluster } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireStaff } from '$lib/server/guards'
import type { Actions, PageServerLoad } from './$types'
import { clusterPath } from '../../../../coordinate.server'
import { readCallSettings } from '../../../../calls/call-settings'
import { callChoices, settingsFailure } from '../../../../calls/calls.server'

export const load: PageServerLoad = async (event) => {
  requireStaff(event)
  const cluster = await loadJson<Cluster>(event, clusterPath(event.params.id))
  return { cluster, choices: await callChoices(event, cluster) }
}

export const actions: Actions = {
  create: async (event) => {
    requireStaff(event)
    const path = `${clusterPath(event.params.id)}/calls`
    const { body, values, errors } = readCallSettings(await event.request.formData())
    if (Object.keys(errors).length > 0) return fail(400, { values, errors, message: null })
    const result = await apiCall<Call>(event.fetch, 'POST', path, body)
    if (!result.ok) return fail(result.status, { values, ...settingsFailure(result) })
    redirect(303, `/coordinate/calls/${result.data.id}?created`)
  },
}
