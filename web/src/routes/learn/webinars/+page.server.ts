import { loadJson, apiCall } from '$lib/server/api'
import { requireUser } from '$lib/server/guards'
import { formFailure, textField } from '$lib/server/forms'
import { checkInProblem, isUuid } from '$lib/server/webinars'
import type { CheckInResult, MyWebinar } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

// "My webinars": the sessions a learner registered for, upcoming then past, with the check-in.
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event)
  const { items } = await loadJson<{ items: MyWebinar[] }>(event, '/me/webinars')
  return { items, timeZone: user.timeZone }
}

export const actions: Actions = {
  checkIn: async (event) => {
    requireUser(event)
    const form = await event.request.formData()
    const sessionId = textField(form, 'sessionId')
    const code = textField(form, 'code')
    const values = { sessionId, code }
    const field = `code-${sessionId}`
    if (!isUuid(sessionId))
      return formFailure(400, { form: 'checkIn', message: m.problem_not_found(), values })
    if (!code)
      return formFailure(400, {
        form: 'checkIn',
        errors: { [field]: m.webinar_checkin_code_required() },
        values,
      })
    if (code.length > 64)
      return formFailure(400, {
        form: 'checkIn',
        errors: { [field]: m.webinar_checkin_code_format() },
        values,
      })
    const result = await apiCall<CheckInResult>(
      event.fetch,
      'POST',
      `/webinars/${sessionId}/check-in`,
      { code },
    )
    if (!result.ok) {
      const { message, code: codeError } = checkInProblem(result)
      return formFailure(result.status, {
        form: 'checkIn',
        message,
        errors: codeError ? { [field]: codeError } : {},
        values,
      })
    }
    return { checkedIn: sessionId, enrolmentId: result.data.enrolmentId }
  },
}
