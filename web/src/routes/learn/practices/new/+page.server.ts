import { redirect } from '@sveltejs/kit'
import { apiCall } from '$lib/server/api'
import { formFailure, textField } from '$lib/server/forms'
import { requireUser } from '$lib/server/guards'
import {
  newPracticeValues,
  placeChoices,
  practiceFailure,
  practiceFor,
  practiceOfStep,
  readPracticeForm,
} from '$lib/server/practices'
import type { GoodPractice } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

// A new good practice: the written alternative to a course's webinar (?enrolment=&step=), or a
// practice shared outside any course.
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event)
  const alternativeOf = await practiceFor(event)
  const values = newPracticeValues(user, alternativeOf?.language)
  return {
    alternativeOf,
    existing: alternativeOf ? await practiceOfStep(event, alternativeOf) : null,
    values,
    ...(await placeChoices(event, values.countryCode)),
  }
}

export const actions: Actions = {
  /** Lists the municipalities of the country chosen, keeping everything typed. */
  place: async (event) => {
    requireUser(event)
    const form = await event.request.formData()
    const { values } = readPracticeForm(form, [])
    const choices = await placeChoices(event, values.countryCode)
    if (!choices.municipalities.some((choice) => choice.value === values.municipalityId))
      values.municipalityId = ''
    return { form: 'place' as const, values, ...choices }
  },

  submit: async (event) => {
    requireUser(event)
    const alternativeOf = await practiceFor(event)
    const form = await event.request.formData()
    const { municipalities } = await placeChoices(event, textField(form, 'countryCode'))
    const { body, values, errors } = readPracticeForm(form, municipalities)
    if (Object.keys(errors).length > 0)
      return formFailure(400, { form: 'practice', errors, values })
    const result = await apiCall<GoodPractice>(event.fetch, 'POST', '/good-practices', {
      ...body,
      ...(alternativeOf
        ? { enrolmentId: alternativeOf.enrolmentId, step: alternativeOf.step }
        : {}),
    })
    if (!result.ok)
      return formFailure(result.status, {
        form: 'practice',
        ...practiceFailure(result, {
          conflict: m.practice_alternative_closed,
          'event-refused': m.practice_alternative_closed,
        }),
        values,
      })
    redirect(303, '/learn/practices?saved=new')
  },
}
