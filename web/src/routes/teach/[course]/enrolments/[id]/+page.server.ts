import { error, fail, redirect } from '@sveltejs/kit'
import { apiCall, type ApiResult, problemSlug } from '$lib/api'
import { m } from '$lib/paraglide/messages'
import { serviceProblem, textField } from '$lib/server/forms'
import { loginPath } from '$lib/server/redirects'
import { getJson, requireTrainer, stepPattern } from '../../../teach.server'
import type { AttemptReview, EnrolmentDetail, EnrolmentEvent } from '../types'
import type { Actions, PageServerLoad, RequestEvent } from './$types'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const load: PageServerLoad = async (event) => {
  const user = requireTrainer(event)
  const { course, id } = event.params
  if (!uuidPattern.test(id)) error(404, { message: m.admin_error_not_found() })
  const path = `/enrolments/${id}`
  // The trainers list answers only trainers of the course and admins: a coordinator who also
  // trains another course would otherwise see this learner here without the answers.
  const [, enrolment, events, attempts] = await Promise.all([
    getJson<unknown>(event, `/courses/${encodeURIComponent(course)}/trainers`),
    getJson<EnrolmentDetail>(event, path),
    getJson<{ items: EnrolmentEvent[] }>(event, `${path}/events`),
    getJson<{ items: AttemptReview[] }>(event, `${path}/attempts`),
  ])
  if (enrolment.course.slug !== course) error(404, { message: m.admin_error_not_found() })
  return { enrolment, events: events.items, attempts: attempts.items, timeZone: user.timeZone }
}

/** The trainer's events on this page, by the name of the form that sends each. */
const eventTypes = {
  grant: 'attempt.granted',
  attended: 'webinar.attended',
  excused: 'webinar.excused',
} as const
type EventForm = keyof typeof eventTypes

const maxReasonLength = 1000

function explain(result: Extract<ApiResult<unknown>, { ok: false }>): string {
  const service = serviceProblem(result)
  if (service) return service
  switch (problemSlug(result.problem)) {
    case 'stale-version':
      return m.trainer_enrolments_error_stale()
    case 'step-locked':
    case 'event-refused':
    case 'attempts-exhausted':
    case 'conflict':
      return m.trainer_enrolments_error_refused()
    case 'forbidden':
      return m.admin_error_forbidden()
    case 'not-found':
      return m.admin_error_not_found()
    default:
      return m.form_failed()
  }
}

async function sendEvent(event: RequestEvent, form: EventForm) {
  requireTrainer(event)
  const data = await event.request.formData()
  const step = textField(data, 'step')
  const version = textField(data, 'expectedVersion')
  const expectedVersion = /^\d{1,9}$/.test(version) ? Number(version) : -1
  const reason = textField(data, 'reason')
  const values = { reason }
  const reasonField = `${form}-reason`
  const failure = (status: number, message: string | null, errors: Record<string, string> = {}) =>
    fail(status, { form, message, errors, values })

  if (!stepPattern.test(step) || expectedVersion < 0) return failure(400, m.form_failed())
  if (form === 'grant' && !reason)
    return failure(400, null, { [reasonField]: m.trainer_enrolments_grant_reason_required() })
  if (reason.length > maxReasonLength)
    return failure(400, null, { [reasonField]: m.trainer_enrolments_reason_too_long() })

  const path = `/enrolments/${encodeURIComponent(event.params.id)}/events`
  const result = await apiCall(event.fetch, 'POST', path, {
    type: eventTypes[form],
    step,
    expectedVersion,
    ...(reason ? { reason } : {}),
  })
  if (result.ok) return { form, done: true as const }
  // Back to the page after signing in, not to the form action.
  if (result.status === 401) redirect(303, loginPath(new URL(event.url.pathname, event.url)))
  const errors = result.problem.errors ?? []
  if (errors.some(({ pointer }) => pointer === '/body/reason'))
    return failure(400, null, { [reasonField]: m.trainer_enrolments_reason_too_long() })
  return failure(result.status, explain(result))
}

export const actions: Actions = {
  grant: (event) => sendEvent(event, 'grant'),
  attended: (event) => sendEvent(event, 'attended'),
  excused: (event) => sendEvent(event, 'excused'),
}
