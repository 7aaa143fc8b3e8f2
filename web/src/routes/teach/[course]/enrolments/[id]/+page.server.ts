import { error, fail, redirect } from '@sveltejs/kit'
import type {
  AttemptReviewList,
  EnrolmentDetail,
  ProgressionEventList,
} from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireTrainer } from '$lib/server/guards'
import { textField, stepPattern } from '$lib/server/forms'
import { fieldErrors, problemMessage, type ProblemMessages } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { loginPath } from '$lib/server/redirects'
import type { Actions, PageServerLoad, RequestEvent } from './$types'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const load: PageServerLoad = async (event) => {
  const user = requireTrainer(event)
  const { course, id } = event.params
  if (!uuidPattern.test(id)) error(404, { message: m.problem_not_found() })
  const path = `/enrolments/${id}`
  // The trainers list answers only trainers of the course and admins: a coordinator who also
  // trains another course would otherwise see this learner here without the answers.
  const [, enrolment, events, attempts] = await Promise.all([
    loadJson<unknown>(event, `/courses/${encodeURIComponent(course)}/trainers`),
    loadJson<EnrolmentDetail>(event, path),
    loadJson<ProgressionEventList>(event, `${path}/events`),
    loadJson<AttemptReviewList>(event, `${path}/attempts`),
  ])
  if (enrolment.course.slug !== course) error(404, { message: m.problem_not_found() })
  return { enrolment, events: events.items, attempts: attempts.items, timeZone: user.timeZone }
}

/**
 * The trainer's events on this page, by the name of the form that sends each. Webinar attendance
 * is marked on the session's attendance list (/teach/webinars), not per learner here.
 */
const eventTypes = {
  grant: 'attempt.granted',
} as const
type EventForm = keyof typeof eventTypes

const maxReasonLength = 1000

// Refusals all mean the page was out of date: it reloads and shows where the learner stands now.
const eventProblems: ProblemMessages = {
  'stale-version': m.trainer_enrolments_error_stale,
  'step-locked': m.trainer_enrolments_error_refused,
  'event-refused': m.trainer_enrolments_error_refused,
  'attempts-exhausted': m.trainer_enrolments_error_refused,
  conflict: m.trainer_enrolments_error_refused,
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
  const errors = fieldErrors(result.problem, { reason: reasonField })
  if (Object.keys(errors).length > 0) return failure(400, null, errors)
  return failure(result.status, problemMessage(result, eventProblems))
}

export const actions: Actions = {
  grant: (event) => sendEvent(event, 'grant'),
}
