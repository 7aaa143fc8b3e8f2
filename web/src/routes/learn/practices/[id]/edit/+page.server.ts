import { error, fail, redirect } from '@sveltejs/kit'
import { apiCall, loadJson } from '$lib/server/api'
import { formFailure, textField } from '$lib/server/forms'
import { requireUser } from '$lib/server/guards'
import {
  placeChoices,
  practiceFailure,
  practicePath,
  practiceValues,
  readPracticeForm,
} from '$lib/server/practices'
import type { GoodPractice } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

// The author changes a practice that is waiting for review or was returned, and sends it again.
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event)
  const practice = await loadJson<GoodPractice>(event, practicePath(event.params.id))
  // Only its author edits a practice; an approved one is shown as such, without the form.
  if (!practice.mayEdit && practice.status !== 'approved')
    error(403, { message: m.problem_forbidden() })
  const values = practiceValues(practice)
  return {
    practice,
    values,
    timeZone: user.timeZone,
    ...(await placeChoices(event, values.countryCode)),
  }
}

export const actions: Actions = {
  place: async (event) => {
    requireUser(event)
    const form = await event.request.formData()
    const { values } = readPracticeForm(form, [])
    values.revision = textField(form, 'revision')
    const choices = await placeChoices(event, values.countryCode)
    if (!choices.municipalities.some((choice) => choice.value === values.municipalityId))
      values.municipalityId = ''
    return { form: 'place' as const, values, ...choices }
  },

  submit: async (event) => {
    requireUser(event)
    const path = practicePath(event.params.id)
    const form = await event.request.formData()
    const { municipalities } = await placeChoices(event, textField(form, 'countryCode'))
    const { body, values, errors } = readPracticeForm(form, municipalities)
    values.revision = textField(form, 'revision')
    const revision = Number(values.revision)
    if (!Number.isInteger(revision) || revision < 1)
      return formFailure(400, { form: 'practice', message: m.practice_stale(), values })
    if (Object.keys(errors).length > 0)
      return formFailure(400, { form: 'practice', errors, values })
    const result = await apiCall<GoodPractice>(event.fetch, 'PUT', path, { ...body, revision })
    if (!result.ok) {
      // Changed since the form was opened (another window, or a review): nothing is overwritten.
      if (result.status === 409)
        return fail(409, {
          form: 'practice',
          message: m.practice_stale(),
          errors: {},
          values,
          stale: true,
        })
      return formFailure(result.status, {
        form: 'practice',
        ...practiceFailure(result),
        values,
      })
    }
    redirect(303, '/learn/practices?saved=changed')
  },
}
