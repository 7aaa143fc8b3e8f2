import { error, redirect } from '@sveltejs/kit'
import { apiCall } from '$lib/api'
import type { Enrolment } from '$lib/learn/types'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import { formFailure, textField } from '$lib/server/forms'
import { enrolmentIn, requireLearner } from '$lib/server/learning'
import type { Actions, PageServerLoad } from './$types'

interface CourseSummary {
  slug: string
  title: string
  language: string
  languages: string[]
}

// The course page: enrol, or see every step with its state, switch language, withdraw.
export const load: PageServerLoad = async (event) => {
  const slug = event.params.course
  const enrolment = await enrolmentIn(event, slug)
  if (enrolment) return { enrolment, course: null }
  const catalogue = await apiCall<{ items: CourseSummary[] }>(
    event.fetch,
    'GET',
    `/courses?lang=${encodeURIComponent(getLocale())}&limit=100`,
  )
  const course = catalogue.ok ? catalogue.data.items.find((item) => item.slug === slug) : undefined
  if (!course) error(404, { message: m.error_not_found() })
  return { enrolment: null, course }
}

export const actions: Actions = {
  enrol: async (event) => {
    requireLearner(event)
    const form = await event.request.formData()
    const language = textField(form, 'language')
    const result = await apiCall<Enrolment>(event.fetch, 'POST', '/enrolments', {
      courseSlug: event.params.course,
      ...(language ? { language } : {}),
    })
    if (!result.ok)
      return formFailure(result.status, {
        form: 'enrol',
        message: result.problem.detail ?? m.error_generic(),
      })
    redirect(303, `/learn/${result.data.course.slug}/${result.data.progress.current ?? ''}`)
  },
  language: async (event) => {
    requireLearner(event)
    const form = await event.request.formData()
    const enrolment = await enrolmentIn(event, event.params.course)
    if (!enrolment) redirect(303, `/learn/${event.params.course}`)
    const result = await apiCall<Enrolment>(event.fetch, 'PATCH', `/enrolments/${enrolment.id}`, {
      language: textField(form, 'language'),
    })
    if (!result.ok)
      return formFailure(result.status, {
        form: 'language',
        message: result.problem.detail ?? m.error_generic(),
      })
    return { saved: 'language' }
  },
  withdraw: async (event) => {
    requireLearner(event)
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
        message: result.problem.detail ?? m.error_generic(),
        values: { reason },
      })
    redirect(303, '/learn')
  },
}
