import { error } from '@sveltejs/kit'
import type { Attempt } from '@agora/server/contract'
import { apiCall, requireEnrolment } from '$lib/server/api'
import { m } from '$lib/paraglide/messages'
import type { PageServerLoad } from './$types'

// The result of a graded attempt: score, feedback per question, and what comes next.
export const load: PageServerLoad = async (event) => {
  const enrolment = await requireEnrolment(event, event.params.course)
  const result = await apiCall<Attempt>(
    event.fetch,
    'GET',
    `/attempts/${encodeURIComponent(event.params.attempt)}`,
  )
  if (
    !result.ok ||
    result.data.enrolmentId !== enrolment.id ||
    result.data.step !== event.params.module
  )
    error(404, { message: m.error_not_found() })
  const step = enrolment.progress.steps.find((candidate) => candidate.slug === event.params.module)!
  const next = enrolment.progress.steps.find((candidate) => candidate.status === 'current')
  return { enrolment, step, attempt: result.data, next: next ?? null }
}
