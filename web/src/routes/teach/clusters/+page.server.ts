import type { ClusterPage } from '@agora/server/contract'
import { loadJson } from '$lib/server/api'
import { requireTrainer } from '$lib/server/guards'
import type { PageServerLoad } from './$types'

// The API lists to a trainer the clusters they are assigned to (to an admin, all).
export const load: PageServerLoad = async (event) => {
  requireTrainer(event)
  return { clusters: await loadJson<ClusterPage>(event, '/learning-clusters?limit=100') }
}
