import { error } from '@sveltejs/kit'
import { apiCall, problemType, registrationEnabled } from '$lib/server/api'
import {
  formFailure,
  textField,
  secretField,
  checkEmail,
  checkNewPassword,
} from '$lib/server/forms'
import { explainFailure, type FieldErrors } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import { rememberReturn, safeRedirect } from '$lib/server/redirects'
import type { Actions, PageServerLoad } from './$types'

// Self-registration is off unless the operator turns it on; while it is off, this page does not exist.
// A visitor on their way somewhere (the form of a call) comes back there once their e-mail is
// verified: the page keeps ?redirectTo for its links, and a sent form remembers it (redirects.ts).
export const load: PageServerLoad = async ({ fetch, url }) => {
  if (!(await registrationEnabled(fetch))) error(404, m.error_not_found())
  return { redirectTo: safeRedirect(url.searchParams.get('redirectTo'), '') }
}

const fields = { password: 'password', confirmation: 'passwordConfirmation' }

export const actions: Actions = {
  default: async (event) => {
    const { request, fetch } = event
    const form = await request.formData()
    const name = textField(form, 'name')
    const email = textField(form, 'email')
    const password = secretField(form, fields.password)
    const values = { name, email }
    const errors: FieldErrors = {}
    if (!name) errors.name = m.form_name_required()
    checkEmail(errors, 'email', email)
    checkNewPassword(errors, fields, password, secretField(form, fields.confirmation))
    if (Object.keys(errors).length > 0)
      return formFailure(400, { form: 'register', errors, values })

    const body = { email, name, password, preferredLanguage: getLocale() }
    const result = await apiCall(fetch, 'POST', '/auth/register', body)
    if (result.ok) {
      rememberReturn(event, event.url.searchParams.get('redirectTo'))
      return { sent: true, email }
    }
    if (result.status === 404) error(404, m.error_not_found())
    if (problemType(result.problem) === 'conflict') {
      return formFailure(409, {
        form: 'register',
        errors: { email: m.auth_register_email_taken() },
        values,
      })
    }
    const fieldNames = { name: 'name', email: 'email', password: fields.password }
    return formFailure(result.status, {
      form: 'register',
      ...explainFailure(result, fieldNames),
      values,
    })
  },
}
