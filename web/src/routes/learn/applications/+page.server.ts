import { fail } from '@sveltejs/kit'
import type { DeclineResult, MyApplicationPage } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { offsetParam, pageSize, textField } from '$lib/server/forms'
import { requireUser } from '$lib/server/guards'
import { explainFailure } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// My applications, and the ones that put me forward, with the status and each decision.
export const load: PageServerLoad = async (event) => {
  requireUser(event)
  const offset = offsetParam(event.url)
  return {
    applications: await loadJson<MyApplicationPage>(
      event,
      `/me/applications?limit=${pageSize}&offset=${offset}`,
    ),
  }
}

export const actions: Actions = {
  /** An accepted candidate gives their place back (it goes to the wait-list). */
  decline: async (event) => {
    requireUser(event)
    const form = await event.request.formData()
    const candidateId = textField(form, 'candidateId')
    if (!uuid.test(candidateId)) return fail(400, { message: m.problem_bad_request() })
    const reason = textField(form, 'reason')
    const result = await apiCall<DeclineResult>(
      event.fetch,
      'POST',
      `/application-candidates/${candidateId}/decline`,
      reason ? { reason } : {},
    )
    if (!result.ok)
      return fail(result.status, {
        message: explainFailure(result, {}, { conflict: m.applications_decline_conflict }).message,
      })
    return { declined: true }
  },
}
