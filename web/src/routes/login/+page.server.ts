import { redirect } from '@sveltejs/kit'
import type { Session } from '@agora/server/contract'
import { apiCall, problemType, registrationEnabled } from '$lib/server/api'
import { formFailure, textField, secretField } from '$lib/server/forms'
import { problemMessage, type FieldErrors } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { safeRedirect } from '$lib/server/redirects'
import { signIn } from '$lib/server/session'
import type { Actions, PageServerLoad } from './$types'

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo')))
  return { registrationEnabled: await registrationEnabled(fetch) }
}

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData()
    const email = textField(form, 'email')
    const password = secretField(form, 'password')
    const values = { email }
    const errors: FieldErrors = {}
    if (!email) errors.email = m.form_email_required()
    if (!password) errors.password = m.form_password_required()
    if (Object.keys(errors).length > 0) return formFailure(400, { form: 'login', errors, values })

    const result = await apiCall<Session>(event.fetch, 'POST', '/auth/login', { email, password })
    if (!result.ok) {
      // A refused e-mail or password reads as the usual "not right": nothing about which.
      const message = problemMessage(result, {
        validation: m.auth_login_invalid,
        unauthorized: m.auth_login_invalid,
      })
      // Held back after failures: a reset link lets the person in straight away.
      const throttled = problemType(result.problem) === 'login-throttled'
      return formFailure(result.status, { form: 'login', message, values, throttled })
    }
    signIn(event, result.data)
    redirect(303, safeRedirect(event.url.searchParams.get('redirectTo')))
  },
}
