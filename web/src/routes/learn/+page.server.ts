import { error } from '@sveltejs/kit'
import { apiCall } from '$lib/api'
import type { Enrolment } from '$lib/learn/types'
import { m } from '$lib/paraglide/messages'
import type { PageServerLoad } from './$types'

// The learner's dashboard: their courses, what comes next, webinars and certificates.
export const load: PageServerLoad = async ({ fetch }) => {
  const result = await apiCall<{ items: Enrolment[] }>(fetch, 'GET', '/enrolments')
  if (!result.ok) error(502, { message: m.error_generic() })
  return { enrolments: result.data.items }
}
