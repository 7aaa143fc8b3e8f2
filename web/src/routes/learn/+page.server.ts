import { error } from '@sveltejs/kit'
import type { EnrolmentList } from '@agora/server/contract'
import { apiCall } from '$lib/server/api'
import { m } from '$lib/paraglide/messages'
import type { PageServerLoad } from './$types'

// The learner's dashboard: their courses, what comes next, webinars and certificates.
export const load: PageServerLoad = async ({ fetch }) => {
  const result = await apiCall<EnrolmentList>(fetch, 'GET', '/enrolments')
  if (!result.ok) error(502, { message: m.problem_unavailable() })
  return { enrolments: result.data.items }
}
