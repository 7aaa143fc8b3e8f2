import { apiCall } from '$lib/server/api'
import { formFailure, textField, checkEmail } from '$lib/server/forms'
import { fieldErrors, serviceProblem, type FieldErrors } from '$lib/server/problems'
import type { Actions } from './$types'

export const actions: Actions = {
  default: async ({ request, fetch }) => {
    const email = textField(await request.formData(), 'email')
    const values = { email }
    const errors: FieldErrors = {}
    checkEmail(errors, 'email', email)
    if (Object.keys(errors).length > 0) return formFailure(400, { form: 'reset', errors, values })

    const result = await apiCall(fetch, 'POST', '/auth/password-reset', { email })
    if (!result.ok) {
      const emailErrors = fieldErrors(result.problem, { email: 'email' })
      const message = serviceProblem(result)
      if (message || Object.keys(emailErrors).length > 0) {
        return formFailure(result.status, { form: 'reset', message, errors: emailErrors, values })
      }
    }
    // The same answer whether or not the address has an account, so it reveals nothing.
    return { sent: true }
  },
}
