import { fail, redirect } from '@sveltejs/kit'
import type { Application } from '@agora/server/contract'
import { apiCall, failLoad, idempotencyKey, type Failed } from '$lib/server/api'
import { callPath, loadCall, municipalityChoices } from '$lib/server/calls'
import { requireUser } from '$lib/server/guards'
import { explainFailure, fieldMessage } from '$lib/server/problems'
import { readForm, toInput, valuesOf, type FormValues } from '$lib/calls/application-form'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad, RequestEvent } from './$types'

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event)
  const call = await loadCall(event, event.params.callId)
  const mine = await apiCall<Application>(
    event.fetch,
    'GET',
    `${callPath(event.params.callId)}/application`,
  )
  if (!mine.ok && mine.status !== 404) failLoad(event, mine)
  const application = mine.ok ? mine.data : null
  const municipalityCall = call.applicantKind === 'municipality'
  const asksMunicipality = !user.municipality
  return {
    call,
    application,
    values: valuesOf(application, call.form, municipalityCall),
    municipalities: asksMunicipality ? await municipalityChoices(event, call) : [],
    ownMunicipality: user.municipality,
    // Closed by its deadline, or closed early by the coordinator: the page says which.
    deadlinePassed: call.deadline !== null && Date.parse(call.deadline.closesAt) <= Date.now(),
    // A fresh key per rendered form: the same form sent twice is one submission.
    idempotencyKey: idempotencyKey(),
  }
}

/** The API's field errors, keyed by the control that shows them. */
function controlErrors(failed: Failed, municipalityCall: boolean): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const error of failed.problem.errors ?? []) {
    const parts = error.pointer.split('/').slice(2)
    let control: string | null = null
    if (parts[0] === 'municipalityId') control = 'municipalityId'
    else if (parts[0] === 'answers' && parts[1]) control = `a.${parts[1]}`
    else if (parts[0] === 'candidates' && parts[1] !== undefined) {
      const scope = municipalityCall ? `n${parts[1]}` : 'a'
      const field = parts[2] === 'answers' || parts[2] === 'declared' ? parts[3] : parts[2]
      if (field) control = `${scope}.${field}`
    }
    if (control) errors[control] ??= fieldMessage(error)
  }
  return errors
}

async function formOf(event: RequestEvent) {
  const call = await loadCall(event, event.params.callId)
  const form = await event.request.formData()
  return { call, form, municipalityCall: call.applicantKind === 'municipality' }
}

function refused(action: string, failed: Failed, values: FormValues, municipalityCall: boolean) {
  const errors = controlErrors(failed, municipalityCall)
  const { message } = explainFailure(
    failed,
    {},
    {
      conflict: m.apply_conflict,
      'idempotency-mismatch': m.apply_conflict,
      'not-found': m.problem_not_found,
    },
  )
  return fail(failed.status, {
    action,
    message: Object.keys(errors).length > 0 ? m.apply_check_fields() : message,
    errors,
    values,
  })
}

export const actions: Actions = {
  /** Adds or removes a nominee row; nothing is stored (works without JavaScript). */
  rows: async (event) => {
    requireUser(event)
    const { call, form, municipalityCall } = await formOf(event)
    const remove = form.get('remove')
    const values = readForm(form, call.form, municipalityCall, {
      add: form.get('add') !== null,
      ...(typeof remove === 'string' ? { remove: Number(remove) } : {}),
    })
    return { action: 'rows', values }
  },

  save: async (event) => {
    requireUser(event)
    const { call, form, municipalityCall } = await formOf(event)
    const values = readForm(form, call.form, municipalityCall)
    const result = await apiCall<Application>(
      event.fetch,
      'PUT',
      `${callPath(event.params.callId)}/application`,
      toInput(values, call.form, municipalityCall),
    )
    if (!result.ok) return refused('save', result, values, municipalityCall)
    return { action: 'save', saved: true }
  },

  submit: async (event) => {
    requireUser(event)
    const { call, form, municipalityCall } = await formOf(event)
    const values = readForm(form, call.form, municipalityCall)
    const key = form.get('idempotencyKey')
    const result = await apiCall<Application>(
      event.fetch,
      'POST',
      `${callPath(event.params.callId)}/application/submission`,
      toInput(values, call.form, municipalityCall),
      typeof key === 'string' && key ? { 'idempotency-key': key } : {},
    )
    if (!result.ok) return refused('submit', result, values, municipalityCall)
    redirect(303, `/calls/${event.params.callId}/apply?submitted`)
  },

  withdraw: async (event) => {
    requireUser(event)
    const result = await apiCall<Application>(
      event.fetch,
      'POST',
      `${callPath(event.params.callId)}/application/withdrawal`,
    )
    if (!result.ok)
      return fail(result.status, {
        action: 'withdraw',
        message: explainFailure(result, {}, { conflict: m.apply_withdraw_conflict }).message,
        errors: {} as Record<string, string>,
        values: null,
      })
    return { action: 'withdraw', withdrawn: true }
  },
}
