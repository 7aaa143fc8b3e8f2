import { loadJson } from '$lib/server/api'
import { practicePath } from '$lib/server/practices'
import type { GoodPractice } from '@agora/server/contract'
import type { PageServerLoad } from './$types'

// One practice at its stable address: public ones for anyone; others ask to sign in first.
export const load: PageServerLoad = async (event) => {
  const practice = await loadJson<GoodPractice>(event, practicePath(event.params.id))
  return { practice, timeZone: event.locals.user?.timeZone }
}
