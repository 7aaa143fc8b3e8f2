import { error, redirect } from '@sveltejs/kit'
import type { Enrolment, EnrolmentWebinars, WebinarOffer } from '@agora/server/contract'
import {
  apiCall,
  requireEnrolment,
  loadJson,
  loadStep,
  idempotencyKey,
  type Failed,
} from '$lib/server/api'
import { requireUser } from '$lib/server/guards'
import { formFailure, textField } from '$lib/server/forms'
import { problemMessage } from '$lib/server/problems'
import { isUuid, registrationProblem } from '$lib/server/webinars'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

// One step of a course: a module to read, the survey, or the webinar gate.
export const load: PageServerLoad = async (event) => {
  const enrolment = await requireEnrolment(event, event.params.course)
  const step = enrolment.progress.steps.find((candidate) => candidate.slug === event.params.module)
  if (!step) error(404, { message: m.problem_not_found() })
  const document =
    step.kind === 'webinar' || step.status === 'locked'
      ? null
      : await loadStep(event, enrolment, step.slug)
  // A webinar step lists the sessions the learner may register for, and the one they chose.
  const webinars =
    step.kind === 'webinar' && step.status !== 'locked'
      ? await loadJson<EnrolmentWebinars>(
          event,
          `/enrolments/${enrolment.id}/webinars?step=${encodeURIComponent(step.slug)}`,
        )
      : null
  return {
    enrolment,
    step,
    document: document === 'locked' ? null : document,
    webinars,
    timeZone: requireUser(event).timeZone,
    key: idempotencyKey(),
  }
}

async function sendEvent(event: Parameters<Actions[string]>[0], body: Record<string, unknown>) {
  requireUser(event)
  const form = await event.request.formData()
  const enrolment = await requireEnrolment(event, event.params.course)
  const result = await apiCall<Enrolment>(
    event.fetch,
    'POST',
    `/enrolments/${enrolment.id}/events`,
    { ...body, step: event.params.module, expectedVersion: enrolment.version },
    { 'idempotency-key': textField(form, 'key') || idempotencyKey() },
  )
  return { result, form, enrolment }
}

function eventFailure(failed: Failed) {
  const message = problemMessage(failed, { 'stale-version': m.learn_stale })
  return formFailure(failed.status, { form: 'event', message })
}

export const actions: Actions = {
  read: async (event) => {
    const { result } = await sendEvent(event, { type: 'module.read' })
    if (!result.ok) return eventFailure(result)
    redirect(303, `/learn/${event.params.course}/${event.params.module}/quiz`)
  },
  // Registers for a session, or moves the registration to it from another of the same step.
  register: async (event) => {
    requireUser(event)
    const form = await event.request.formData()
    const sessionId = textField(form, 'sessionId')
    if (!isUuid(sessionId))
      return formFailure(400, { form: 'webinar', message: m.webinar_register_gone() })
    const enrolment = await requireEnrolment(event, event.params.course)
    const result = await apiCall<{ session: WebinarOffer }>(
      event.fetch,
      'PUT',
      `/enrolments/${enrolment.id}/webinar-registration`,
      { step: event.params.module, sessionId },
      { 'idempotency-key': textField(form, 'key') || idempotencyKey() },
    )
    if (!result.ok)
      return formFailure(result.status, { form: 'webinar', message: registrationProblem(result) })
    return { webinar: 'registered' as const, title: result.data.session.title }
  },
  cancelRegistration: async (event) => {
    requireUser(event)
    const enrolment = await requireEnrolment(event, event.params.course)
    const result = await apiCall(
      event.fetch,
      'DELETE',
      `/enrolments/${enrolment.id}/webinar-registration?step=${encodeURIComponent(event.params.module)}`,
    )
    if (!result.ok)
      return formFailure(result.status, { form: 'webinar', message: registrationProblem(result) })
    return { webinar: 'cancelled' as const }
  },
  survey: async (event) => {
    requireUser(event)
    const form = await event.request.clone().formData()
    const answers: Record<string, string | number> = {}
    for (const [name, value] of form.entries()) {
      const id = /^q([0-9]{1,3})$/.exec(name)?.[1]
      if (id === undefined || typeof value !== 'string' || value.trim() === '') continue
      answers[id] = /^-?[0-9]+$/.test(value) ? Number(value) : value.trim()
    }
    const { result } = await sendEvent(event, { type: 'survey.submitted', answers })
    if (!result.ok) return eventFailure(result)
    redirect(303, `/learn/${event.params.course}`)
  },
  position: async (event) => {
    requireUser(event)
    const form = await event.request.formData()
    const enrolment = await requireEnrolment(event, event.params.course)
    const anchor = textField(form, 'anchor')
    if (!anchor) return formFailure(400, { form: 'position' })
    await apiCall(
      event.fetch,
      'PUT',
      `/enrolments/${enrolment.id}/reading-positions/${event.params.module}`,
      { anchor },
    )
    return { position: anchor }
  },
}
