import type { EnrolmentList } from '@agora/server/contract'
import { apiCall, failLoad } from '$lib/server/api'
import type { PageServerLoad } from './$types'

// The learner's dashboard: their courses, what comes next, webinars and certificates.
export const load: PageServerLoad = async (event) => {
  const result = await apiCall<EnrolmentList>(event.fetch, 'GET', '/enrolments')
  if (!result.ok) failLoad(event, result)
  return { enrolments: result.data.items }
}
