import { apiCall } from '$lib/server/api'
import { formFailure, secretField, checkNewPassword } from '$lib/server/forms'
import { explainFailure, linkProblem, type FieldErrors } from '$lib/server/problems'
import type { Actions } from './$types'

const fields = { password: 'password', confirmation: 'passwordConfirmation' }

export const actions: Actions = {
  default: async ({ request, fetch, params }) => {
    const form = await request.formData()
    const password = secretField(form, fields.password)
    const errors: FieldErrors = {}
    checkNewPassword(errors, fields, password, secretField(form, fields.confirmation))
    if (Object.keys(errors).length > 0) return formFailure(400, { form: 'reset', errors })

    const result = await apiCall(fetch, 'POST', '/auth/password-reset/confirm', {
      token: params.token,
      password,
    })
    if (result.ok) return { changed: true }
    const linkBroken = linkProblem(result)
    if (linkBroken)
      return formFailure(result.status, { form: 'reset', message: linkBroken, linkBroken: true })
    return formFailure(result.status, {
      form: 'reset',
      ...explainFailure(result, { password: fields.password }),
    })
  },
}
