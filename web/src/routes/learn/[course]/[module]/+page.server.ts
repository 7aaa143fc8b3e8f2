import { error, redirect } from '@sveltejs/kit'
import type { Enrolment } from '@agora/server/contract'
import { apiCall, requireEnrolment, loadStep, idempotencyKey, type Failed } from '$lib/server/api'
import { requireUser } from '$lib/server/guards'
import { formFailure, textField } from '$lib/server/forms'
import { problemMessage } from '$lib/server/problems'
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
  return {
    enrolment,
    step,
    document: document === 'locked' ? null : document,
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
  register: async (event) => {
    const { result } = await sendEvent(event, { type: 'webinar.registered' })
    if (!result.ok) return eventFailure(result)
    return { registered: true }
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
