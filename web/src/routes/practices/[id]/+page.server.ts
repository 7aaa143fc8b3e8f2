import { redirect } from '@sveltejs/kit'
import type { GoodPractice } from '@agora/server/contract'
import { apiCall, failLoad } from '$lib/server/api'
import { practicePath } from '$lib/server/practices'
import { loginPath } from '$lib/server/redirects'
import type { PageServerLoad } from './$types'

// One practice at its stable address: public ones for anyone. The API does not tell a visitor
// whether a practice it keeps from them exists, so a visitor is asked to sign in first.
export const load: PageServerLoad = async (event) => {
  const result = await apiCall<GoodPractice>(event.fetch, 'GET', practicePath(event.params.id))
  if (!result.ok) {
    if (result.status === 404 && !event.locals.user) redirect(303, loginPath(event.url))
    failLoad(event, result)
  }
  return { practice: result.data, timeZone: event.locals.user?.timeZone }
}
