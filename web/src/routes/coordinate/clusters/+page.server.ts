import { redirect } from '@sveltejs/kit'
import type { Association, Cluster, ClusterPage, CoursePage } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { isAdmin, requireStaff } from '$lib/server/guards'
import { formFailure, offsetParam, pageSize } from '$lib/server/forms'
import { explainFailure } from '$lib/server/problems'
import { getLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'
import { clusterFields, readClusterForm } from './clusters'

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event)
  const offset = offsetParam(event.url)
  const [clusters, courses, associations] = await Promise.all([
    loadJson<ClusterPage>(event, `/learning-clusters?limit=${pageSize}&offset=${offset}`),
    loadJson<CoursePage>(event, `/courses?limit=100&lang=${encodeURIComponent(getLocale())}`),
    isAdmin(user) ? loadJson<Association[]>(event, '/associations') : Promise.resolve([]),
  ])
  return {
    clusters,
    courses: courses.items,
    associations: associations.map((a) => ({ value: a.id, label: `${a.name} (${a.acronym})` })),
    isAdmin: isAdmin(user),
  }
}

export const actions: Actions = {
  create: async (event) => {
    const user = requireStaff(event)
    const { body, values, offered, errors } = readClusterForm(
      await event.request.formData(),
      isAdmin(user),
    )
    const keep = { ...values, offered: offered.join('\n') }
    if (Object.keys(errors).length > 0)
      return formFailure(400, { form: 'create', errors, values: keep })
    const result = await apiCall<Cluster>(event.fetch, 'POST', '/learning-clusters', body)
    if (!result.ok)
      return formFailure(result.status, {
        form: 'create',
        ...explainFailure(result, clusterFields),
        values: keep,
      })
    redirect(303, `/coordinate/clusters/${result.data.id}?created`)
  },
}
