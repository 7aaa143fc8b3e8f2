import { loadJson } from '$lib/server/api'
import { offsetParam, pageSize } from '$lib/server/forms'
import { requireUser } from '$lib/server/guards'
import type { GoodPracticePage } from '@agora/server/contract'
import type { PageServerLoad } from './$types'

// The good practices the learner wrote, with where each stands and the reviewer's comment.
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event)
  const practices = await loadJson<GoodPracticePage>(
    event,
    `/me/good-practices?limit=${pageSize}&offset=${offsetParam(event.url)}`,
  )
  const saved = event.url.searchParams.get('saved')
  return {
    practices,
    timeZone: user.timeZone,
    saved: saved === 'new' || saved === 'changed' ? saved : null,
  }
}
