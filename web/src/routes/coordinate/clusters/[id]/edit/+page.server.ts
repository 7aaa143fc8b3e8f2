import { redirect } from '@sveltejs/kit'
import type { Cluster } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { formFailure } from '$lib/server/forms'
import { requireStaff } from '$lib/server/guards'
import { explainFailure } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'
import { clusterFields, clusterValues, readClusterChanges } from '../../clusters'
import { clusterPath, courseChoices } from '../../../coordinate.server'

export const load: PageServerLoad = async (event) => {
  requireStaff(event)
  const cluster = await loadJson<Cluster>(event, clusterPath(event.params.id))
  return {
    cluster,
    values: clusterValues(cluster),
    courses: await courseChoices(event, cluster),
  }
}

export const actions: Actions = {
  save: async (event) => {
    requireStaff(event)
    const path = clusterPath(event.params.id)
    const cluster = await loadJson<Cluster>(event, path)
    const coursesEditable = cluster.status !== 'running'
    const { body, values, offered, errors } = readClusterChanges(
      await event.request.formData(),
      coursesEditable,
    )
    // Locked courses are shown, not sent: the page keeps showing what the cluster offers.
    const keep = {
      ...values,
      offered: coursesEditable ? offered.join('\n') : clusterValues(cluster).offered!,
    }
    if (Object.keys(errors).length > 0)
      return formFailure(400, { form: 'save', errors, values: keep })
    const result = await apiCall<Cluster>(event.fetch, 'PATCH', path, body)
    if (!result.ok)
      return formFailure(result.status, {
        form: 'save',
        ...explainFailure(
          result,
          {
            ...clusterFields,
            capacity: { id: 'capacity', message: m.coordinate_capacity_below_members },
          },
          { conflict: m.coordinate_conflict },
        ),
        values: keep,
      })
    redirect(303, `/coordinate/clusters/${cluster.id}?updated`)
  },
}
