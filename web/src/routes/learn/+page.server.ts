import type { EnrolmentList, MyWebinar } from '@agora/server/contract'
import { apiCall, failLoad } from '$lib/server/api'
import { requireUser } from '$lib/server/guards'
import type { PageServerLoad } from './$types'

// The learner's dashboard: their courses, what comes next, webinars and certificates.
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event)
  const [result, webinars] = await Promise.all([
    apiCall<EnrolmentList>(event.fetch, 'GET', '/enrolments'),
    apiCall<{ items: MyWebinar[] }>(event.fetch, 'GET', '/me/webinars'),
  ])
  if (!result.ok) failLoad(event, result)
  // The sessions they registered for (also before reaching the webinar step, when the gate still
  // reads open); without them the dashboard still shows the gate.
  return {
    enrolments: result.data.items,
    sessions: webinars.ok ? webinars.data.items : [],
    timeZone: user.timeZone,
  }
}
