import { evaluationMinimumResponses, type Cluster } from '@agora/server/contract'
import { loadJson } from '$lib/server/api'
import { loadClusterEvaluations } from '$lib/server/evaluations'
import { requireStaff } from '$lib/server/guards'
import type { PageServerLoad } from './$types'
import { clusterPath } from '../../../coordinate.server'

// Read-only and possibly long: rendered on the server only, as the dashboard is.
export const csr = false

// A cluster's evaluation results, per course it offers: the count, and the report from 5 on.
export const load: PageServerLoad = async (event) => {
  requireStaff(event)
  const path = clusterPath(event.params.id)
  const [cluster, courses] = await Promise.all([
    loadJson<Cluster>(event, path),
    loadClusterEvaluations(event, event.params.id),
  ])
  return { cluster, courses, minimum: evaluationMinimumResponses }
}
