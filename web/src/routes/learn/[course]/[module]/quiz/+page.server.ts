import { error, redirect } from '@sveltejs/kit'
import type { Attempt, AttemptReviewList } from '@agora/server/contract'
import { apiCall, problemType, requireEnrolment, idempotencyKey } from '$lib/server/api'
import { requireUser } from '$lib/server/guards'
import { formFailure, textField } from '$lib/server/forms'
import { problemMessage } from '$lib/server/problems'
import { answersFromForm } from '$lib/learn/answers'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

// The quiz of a module: start or resume an attempt, answer, submit. Works as plain form posts.
export const load: PageServerLoad = async (event) => {
  const enrolment = await requireEnrolment(event, event.params.course)
  const step = enrolment.progress.steps.find((candidate) => candidate.slug === event.params.module)
  if (!step || step.kind !== 'module') error(404, { message: m.error_not_found() })
  const list = await apiCall<AttemptReviewList>(
    event.fetch,
    'GET',
    `/enrolments/${enrolment.id}/attempts`,
  )
  const attempts = list.ok ? list.data.items.filter((attempt) => attempt.step === step.slug) : []
  const open = attempts.find((attempt) => attempt.status === 'open')
  let attempt: Attempt | null = null
  if (open) {
    const result = await apiCall<Attempt>(event.fetch, 'GET', `/attempts/${open.id}`)
    if (result.ok) attempt = result.data
  }
  return {
    enrolment,
    step,
    attempt,
    graded: attempts.filter((item) => item.status === 'graded'),
    key: idempotencyKey(),
  }
}

function base(params: { course: string; module: string }): string {
  return `/learn/${params.course}/${params.module}/quiz`
}

async function openAttempt(
  event: Parameters<Actions[string]>[0],
  id: string,
): Promise<Attempt | null> {
  const result = await apiCall<Attempt>(event.fetch, 'GET', `/attempts/${encodeURIComponent(id)}`)
  return result.ok ? result.data : null
}

export const actions: Actions = {
  start: async (event) => {
    requireUser(event)
    const enrolment = await requireEnrolment(event, event.params.course)
    const result = await apiCall<Attempt>(
      event.fetch,
      'POST',
      `/enrolments/${enrolment.id}/attempts`,
      { step: event.params.module },
    )
    if (!result.ok)
      return formFailure(result.status, {
        form: 'quiz',
        message: problemMessage(result),
      })
    redirect(303, base(event.params))
  },
  save: async (event) => {
    requireUser(event)
    const form = await event.request.formData()
    const attempt = await openAttempt(event, textField(form, 'attempt'))
    if (!attempt) redirect(303, base(event.params))
    const result = await apiCall<Attempt>(event.fetch, 'PUT', `/attempts/${attempt.id}/answers`, {
      answers: answersFromForm(attempt.questions, form),
    })
    if (!result.ok)
      return formFailure(result.status, {
        form: 'quiz',
        message: problemMessage(result),
      })
    return { saved: true }
  },
  submit: async (event) => {
    requireUser(event)
    const form = await event.request.formData()
    const attempt = await openAttempt(event, textField(form, 'attempt'))
    if (!attempt) redirect(303, base(event.params))
    const result = await apiCall<Attempt>(
      event.fetch,
      'POST',
      `/attempts/${attempt.id}/submit`,
      { answers: answersFromForm(attempt.questions, form) },
      { 'idempotency-key': textField(form, 'key') || idempotencyKey() },
    )
    // A repeated post of an already graded attempt (double click without JS) shows its result.
    if (!result.ok && problemType(result.problem) !== 'conflict') {
      return formFailure(result.status, {
        form: 'quiz',
        message: problemMessage(result),
      })
    }
    redirect(303, `${base(event.params)}/${attempt.id}`)
  },
}
