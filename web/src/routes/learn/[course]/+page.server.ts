import { redirect } from '@sveltejs/kit'
import type { Enrolment } from '@agora/server/contract'
import { apiCall, enrolmentIn } from '$lib/server/api'
import { requireUser } from '$lib/server/guards'
import { formFailure, textField } from '$lib/server/forms'
import { explainFailure, problemMessage } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

// A learner's course: every step with its state, switch language, withdraw. Someone not enrolled
// reads the course's public page, which has the enrol form.
export const load: PageServerLoad = async (event) => {
  const slug = event.params.course
  const enrolment = await enrolmentIn(event, slug)
  if (!enrolment) redirect(303, `/courses/${encodeURIComponent(slug)}`)
  return { enrolment }
}

export const actions: Actions = {
  language: async (event) => {
    requireUser(event)
    const form = await event.request.formData()
    const enrolment = await enrolmentIn(event, event.params.course)
    if (!enrolment) redirect(303, `/learn/${event.params.course}`)
    const result = await apiCall<Enrolment>(event.fetch, 'PATCH', `/enrolments/${enrolment.id}`, {
      language: textField(form, 'language'),
    })
    if (!result.ok)
      return formFailure(result.status, {
        form: 'language',
        message: problemMessage(result),
      })
    return { saved: 'language' }
  },
  withdraw: async (event) => {
    requireUser(event)
    const form = await event.request.formData()
    const reason = textField(form, 'reason')
    if (!reason)
      return formFailure(400, {
        form: 'withdraw',
        errors: { reason: m.learn_withdraw_reason_required() },
      })
    const enrolment = await enrolmentIn(event, event.params.course)
    if (!enrolment) redirect(303, `/learn/${event.params.course}`)
    const result = await apiCall<Enrolment>(
      event.fetch,
      'POST',
      `/enrolments/${enrolment.id}/withdrawal`,
      { reason },
    )
    if (!result.ok)
      return formFailure(result.status, {
        form: 'withdraw',
        ...explainFailure(result, { reason: 'reason' }),
        values: { reason },
      })
    redirect(303, '/learn')
  },
}
