import { redirect } from '@sveltejs/kit'
import type { Session, SetupLink } from '@agora/server/contract'
import { apiCall } from '$lib/server/api'
import {
  formFailure,
  textField,
  secretField,
  checkEmail,
  checkNewPassword,
} from '$lib/server/forms'
import { explainFailure, type FieldErrors } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { signIn } from '$lib/server/session'
import type { Actions, PageServerLoad } from './$types'

const path = (token: string) => `/setup/${encodeURIComponent(token)}`

export const load: PageServerLoad = async ({ fetch, params }) => {
  const result = await apiCall<SetupLink>(fetch, 'GET', path(params.token))
  return { valid: result.ok && result.data.valid, unavailable: !result.ok && result.status >= 500 }
}

const fields = { password: 'password', confirmation: 'passwordConfirmation' }

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData()
    const name = textField(form, 'name')
    const email = textField(form, 'email')
    const password = secretField(form, fields.password)
    const values = { name, email }
    const errors: FieldErrors = {}
    if (!name) errors.name = m.form_name_required()
    checkEmail(errors, 'email', email)
    checkNewPassword(errors, fields, password, secretField(form, fields.confirmation))
    if (Object.keys(errors).length > 0) return formFailure(400, { form: 'setup', errors, values })

    const result = await apiCall<Session>(event.fetch, 'POST', path(event.params.token), {
      email,
      name,
      password,
    })
    if (result.ok) {
      signIn(event, result.data)
      redirect(303, '/admin/users')
    }
    const fieldNames = { name: 'name', email: 'email', password: fields.password }
    const broken = {
      'not-found': m.auth_setup_invalid,
      'token-expired': m.auth_setup_invalid,
      'token-used': m.auth_setup_invalid,
    }
    return formFailure(result.status, {
      form: 'setup',
      ...explainFailure(result, fieldNames, broken),
      values,
    })
  },
}
