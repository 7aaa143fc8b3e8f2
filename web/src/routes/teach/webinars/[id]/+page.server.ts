import { fail, redirect } from '@sveltejs/kit'
import { apiCall, findCourse, loadJson } from '$lib/server/api'
import { textField } from '$lib/server/forms'
import { explainFailure, problemMessage } from '$lib/server/problems'
import {
  requireSessionStaff,
  sessionFailure,
  sessionsHome,
  webinarPath,
} from '$lib/server/webinars'
import { languageName } from '$lib/i18n'
import { readSessionForm, sessionValues } from '$lib/webinars/session-form'
import type { CheckInCode, WebinarRegistrations, WebinarSession } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'

// One session for its staff: details, the check-in code to present, registrations, the recording
// link after the start, changes and cancellation.
export const load: PageServerLoad = async (event) => {
  const user = requireSessionStaff(event)
  const path = webinarPath(event.params.id)
  const [session, registrations, code] = await Promise.all([
    loadJson<WebinarSession>(event, path),
    loadJson<WebinarRegistrations>(event, `${path}/registrations`),
    apiCall<CheckInCode>(event.fetch, 'GET', `${path}/check-in-code`),
  ])
  const course = await findCourse(event, session.courseSlug, getLocale()).catch(() => null)
  const languages = [...new Set([...(course?.languages ?? []), session.language])]
  return {
    session,
    registrations: registrations.items,
    checkIn: code.ok ? code.data : null,
    values: sessionValues(session),
    choices: {
      courses: [],
      steps: null,
      clusters: [],
      timeZones: ['UTC', ...Intl.supportedValuesOf('timeZone')],
      languages: languages.map((tag) => ({ value: tag, label: languageName(tag), lang: tag })),
    },
    timeZone: user.timeZone,
    home: sessionsHome(user, session.clusterId),
  }
}

const httpsUrl = /^https:\/\/\S+$/i

export const actions: Actions = {
  update: async (event) => {
    requireSessionStaff(event)
    const path = webinarPath(event.params.id)
    const { body, values, errors } = readSessionForm(await event.request.formData(), {
      fixed: true,
    })
    if (Object.keys(errors).length > 0)
      return fail(400, { action: 'update' as const, values, errors, message: null })
    const result = await apiCall<WebinarSession>(event.fetch, 'PATCH', path, body)
    if (!result.ok)
      return fail(result.status, { action: 'update' as const, values, ...sessionFailure(result) })
    redirect(303, `/teach/webinars/${event.params.id}?updated`)
  },

  cancel: async (event) => {
    requireSessionStaff(event)
    const path = webinarPath(event.params.id)
    const reason = textField(await event.request.formData(), 'reason')
    const values = { reason }
    if (!reason)
      return fail(400, {
        action: 'cancel' as const,
        values,
        errors: { reason: m.webinar_cancel_reason_required() },
        message: null,
      })
    const result = await apiCall<WebinarSession>(event.fetch, 'POST', `${path}/cancellation`, {
      reason,
    })
    if (!result.ok)
      return fail(result.status, {
        action: 'cancel' as const,
        values,
        ...explainFailure(result, { reason: 'reason' }, { conflict: m.webinar_cancel_conflict }),
      })
    redirect(303, `/teach/webinars/${event.params.id}?cancelled`)
  },

  recording: async (event) => {
    requireSessionStaff(event)
    const path = webinarPath(event.params.id)
    const url = textField(await event.request.formData(), 'url')
    const values = { url }
    const refuse = (status: number, message: string | null, errors: Record<string, string>) =>
      fail(status, { action: 'recording' as const, values, errors, message })
    if (!httpsUrl.test(url)) return refuse(400, null, { url: m.webinar_form_join_https() })
    const result = await apiCall<WebinarSession>(event.fetch, 'PUT', `${path}/recording`, { url })
    if (!result.ok) {
      const explained = explainFailure(result, { url: 'url' })
      if (result.status === 409 || result.status === 422)
        return refuse(result.status, m.webinar_recording_too_early(), explained.errors)
      return refuse(result.status, explained.message ?? problemMessage(result), explained.errors)
    }
    redirect(303, `/teach/webinars/${event.params.id}?recording`)
  },
}
