import { error } from '@sveltejs/kit'
import { evaluationMinimumResponses, type Dashboard } from '@agora/server/contract'
import { loadJson } from '$lib/server/api'
import { loadClusterEvaluations } from '$lib/server/evaluations'
import { requireTrainer } from '$lib/server/guards'
import { isUuid } from '$lib/server/practices'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import type { PageServerLoad } from './$types'

// Read-only and possibly long: rendered on the server only, as the cluster's dashboard is.
export const csr = false

/**
 * The evaluation results of a cluster the trainer is assigned to, per course and version: the
 * count, and the report from 5 on. The name comes from the cluster's dashboard, the one cluster
 * address open to its trainers; any other cluster is not found.
 */
export const load: PageServerLoad = async (event) => {
  requireTrainer(event)
  const id = event.params.id
  if (!isUuid(id)) error(404, { message: m.problem_not_found() })
  const [dashboard, courses] = await Promise.all([
    loadJson<Dashboard>(
      event,
      `/learning-clusters/${id}/dashboard?lang=${encodeURIComponent(getLocale())}`,
    ),
    loadClusterEvaluations(event, id),
  ])
  const { cluster } = dashboard
  return {
    cluster: { id: cluster.id, name: cluster.name },
    courses,
    minimum: evaluationMinimumResponses,
  }
}
