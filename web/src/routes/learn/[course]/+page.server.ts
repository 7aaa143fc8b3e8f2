import { redirect } from '@sveltejs/kit'
import type { Enrolment } from '@agora/server/contract'
import { apiCall, findCourse, enrolmentIn } from '$lib/server/api'
import { requireUser } from '$lib/server/guards'
import { formFailure, textField } from '$lib/server/forms'
import { explainFailure, problemMessage } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'

// The course page: enrol, or see every step with its state, switch language, withdraw.
export const load: PageServerLoad = async (event) => {
  const slug = event.params.course
  const enrolment = await enrolmentIn(event, slug)
  if (enrolment) return { enrolment, course: null }
  const course = await findCourse(event, slug, getLocale())
  return { enrolment: null, course }
}

export const actions: Actions = {
  enrol: async (event) => {
    requireUser(event)
    const form = await event.request.formData()
    const language = textField(form, 'language')
    const result = await apiCall<Enrolment>(event.fetch, 'POST', '/enrolments', {
      courseSlug: event.params.course,
      ...(language ? { language } : {}),
    })
    if (!result.ok)
      return formFailure(result.status, {
        form: 'enrol',
        message: problemMessage(result),
      })
    redirect(303, `/learn/${result.data.course.slug}/${result.data.progress.current ?? ''}`)
  },
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
