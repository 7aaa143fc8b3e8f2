import { loadJson } from '$lib/server/api'
import { offsetParam, pageSize } from '$lib/server/forms'
import { requireTrainer } from '$lib/server/guards'
import type { GoodPracticePage } from '@agora/server/contract'
import type { PageServerLoad } from './$types'

// The good practices waiting for a review the trainer (or admin) may give.
export const load: PageServerLoad = async (event) => {
  const user = requireTrainer(event)
  const queue = await loadJson<GoodPracticePage>(
    event,
    `/good-practices/review-queue?limit=${pageSize}&offset=${offsetParam(event.url)}`,
  )
  const reviewed = event.url.searchParams.get('reviewed')
  return {
    queue,
    timeZone: user.timeZone,
    reviewed: reviewed === 'approved' || reviewed === 'returned' ? reviewed : null,
  }
}
