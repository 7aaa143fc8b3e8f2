import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit'
import type { Call, CallView, Cluster, FieldError } from '@agora/server/contract'
import { apiCall, type Failed, loadJson } from '$lib/server/api'
import { textField } from '$lib/server/forms'
import { requireStaff } from '$lib/server/guards'
import { explainFailure, fieldMessage, problemMessage } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'
import { callPath } from '../../coordinate.server'
import { readCallSettings } from '../call-settings'
import { callChoices, settingsFailure } from '../calls.server'
import { applyComposerOp, composerControl, readComposer } from '../form-composer'
import { criteriaControl, postedOf, readCriteria } from '../criteria-editor'

/** The call as its cluster's managers see it; to anyone else it does not exist. */
async function managedCall(event: Pick<RequestEvent, 'fetch' | 'url' | 'params'>) {
  const call = await loadJson<CallView>(event, callPath(event.params.callId!))
  if (!call.criteria) error(404, { message: m.problem_not_found() })
  return call as Call
}

export const load: PageServerLoad = async (event) => {
  requireStaff(event)
  const call = await managedCall(event)
  const cluster = await loadJson<Cluster>(event, `/learning-clusters/${call.clusterId}`)
  return { call, cluster, choices: await callChoices(event, cluster), origin: event.url.origin }
}

const refusal = (action: string, failed: Failed) =>
  fail(failed.status, {
    action,
    message: explainFailure(failed, {}, { conflict: m.coordinate_call_conflict }).message,
    errors: {} as Record<string, string>,
  })

/** Field errors of a refused save, each at the control it names; the rest as one message. */
function placedErrors(failed: Failed, control: (pointer: string) => string | null) {
  const errors: Record<string, string> = {}
  for (const fieldError of (failed.problem.errors ?? []) as FieldError[]) {
    const id = control(fieldError.pointer)
    if (id) errors[id] ??= fieldMessage(fieldError)
  }
  const message =
    Object.keys(errors).length > 0
      ? null
      : problemMessage(failed, { conflict: m.coordinate_call_conflict, validation: m.form_failed })
  return { errors, message }
}

/** What a call lacks before it opens, in words. */
function missingToOpen(failed: Failed): string[] {
  return ((failed.problem.errors ?? []) as FieldError[]).map((missing) => {
    if (missing.pointer === '/deadline')
      return missing.reason === 'too-small'
        ? m.coordinate_call_open_deadline_past()
        : m.coordinate_call_open_deadline()
    if (missing.pointer === '/form') return m.coordinate_call_open_form()
    if (missing.pointer === '/places') return m.coordinate_call_open_places()
    return fieldMessage(missing)
  })
}

export const actions: Actions = {
  settings: async (event) => {
    requireStaff(event)
    const call = await managedCall(event)
    const { body, values, errors } = readCallSettings(await event.request.formData(), {
      whoMayApplyFixed: call.status !== 'draft',
    })
    if (Object.keys(errors).length > 0)
      return fail(400, { action: 'settings', values, errors, message: null })
    const result = await apiCall<Call>(event.fetch, 'PATCH', callPath(call.id), body)
    if (!result.ok)
      return fail(result.status, { action: 'settings', values, ...settingsFailure(result) })
    return { action: 'settings', done: m.coordinate_call_saved() }
  },

  composer: async (event) => {
    requireStaff(event)
    const call = await managedCall(event)
    if (call.status !== 'draft')
      return fail(409, { action: 'composer', message: m.coordinate_call_form_fixed(), errors: {} })
    const { fields, added, op } = readComposer(await event.request.formData())
    // A languages field first offers the languages the cluster's courses are given in.
    const cluster = await loadJson<Cluster>(event, `/learning-clusters/${call.clusterId}`)
    const languages = [...new Set(cluster.courses.flatMap((course) => course.languages))]
    const next = applyComposerOp(fields, op, added, languages)
    if (Object.keys(next.errors).length > 0)
      return fail(400, { action: 'composer', fields, added, errors: next.errors, message: null })
    const result = await apiCall<Call>(event.fetch, 'PATCH', callPath(call.id), {
      form: next.fields,
    })
    if (!result.ok) {
      const { errors, message } = placedErrors(result, composerControl)
      return fail(result.status, {
        action: 'composer',
        fields: next.fields,
        added: null,
        errors,
        message,
      })
    }
    return { action: 'composer', done: m.coordinate_call_form_saved() }
  },

  criteria: async (event) => {
    requireStaff(event)
    const call = await managedCall(event)
    const form = await event.request.formData()
    const { criteria, op, errors } = readCriteria(form, call.form)
    if (Object.keys(errors).length > 0)
      return fail(400, { action: 'criteria', posted: postedOf(form), errors, message: null })
    const result = await apiCall<Call>(event.fetch, 'PATCH', callPath(call.id), { criteria })
    if (!result.ok) {
      const placed = placedErrors(result, criteriaControl)
      return fail(result.status, { action: 'criteria', criteria, ...placed })
    }
    return {
      action: 'criteria',
      done: op.kind === 'save' ? m.coordinate_criteria_saved() : m.coordinate_criteria_changed(),
    }
  },

  status: async (event) => {
    requireStaff(event)
    const status = textField(await event.request.formData(), 'status')
    if (status !== 'open' && status !== 'closed') error(400, { message: m.problem_bad_request() })
    const result = await apiCall<Call>(
      event.fetch,
      'PUT',
      `${callPath(event.params.callId)}/status`,
      { status },
    )
    if (!result.ok) {
      const missing = result.status === 409 ? missingToOpen(result) : []
      if (missing.length > 0)
        return fail(409, {
          action: 'status',
          message: m.coordinate_call_open_incomplete(),
          missing,
        })
      return refusal('status', result)
    }
    return {
      action: 'status',
      done: status === 'open' ? m.coordinate_call_opened() : m.coordinate_call_closed(),
    }
  },

  remove: async (event) => {
    requireStaff(event)
    const call = await managedCall(event)
    const result = await apiCall(event.fetch, 'DELETE', callPath(call.id))
    if (!result.ok) return refusal('remove', result)
    redirect(303, `/coordinate/clusters/${call.clusterId}?callDeleted`)
  },
}
