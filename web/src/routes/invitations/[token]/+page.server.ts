import { redirect } from '@sveltejs/kit'
import type { PublicInvitation, ProblemType, Session } from '@agora/server/contract'
import { apiCall, problemType } from '$lib/server/api'
import { formFailure, secretField, checkNewPassword } from '$lib/server/forms'
import { explainFailure, type FieldErrors } from '$lib/server/problems'
import { signIn } from '$lib/server/session'
import type { Actions, PageServerLoad } from './$types'

type InvitationState = 'expired' | 'used' | 'account' | 'unknown' | 'unavailable'

function stateOf(status: number, type: ProblemType): InvitationState {
  if (type === 'token-expired') return 'expired'
  if (type === 'token-used') return 'used'
  // The address has an account meanwhile (another invitation, a registration): sign in instead.
  if (type === 'conflict') return 'account'
  // 400: a token cut short when copied from the e-mail fails validation.
  return status === 400 || status === 404 || status === 410 ? 'unknown' : 'unavailable'
}

const path = (token: string) => `/invitations/${encodeURIComponent(token)}`

export const load: PageServerLoad = async ({ fetch, params }) => {
  const result = await apiCall<PublicInvitation>(fetch, 'GET', path(params.token))
  if (result.ok) return { invitation: result.data, state: 'open' as const }
  return { invitation: null, state: stateOf(result.status, problemType(result.problem)) }
}

const fields = { password: 'password', confirmation: 'passwordConfirmation' }

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData()
    const password = secretField(form, fields.password)
    const errors: FieldErrors = {}
    checkNewPassword(errors, fields, password, secretField(form, fields.confirmation))
    if (Object.keys(errors).length > 0) return formFailure(400, { form: 'invitation', errors })

    const result = await apiCall<Session>(
      event.fetch,
      'POST',
      `${path(event.params.token)}/accept`,
      { password },
    )
    if (result.ok) {
      signIn(event, result.data)
      redirect(303, '/profile?welcome=1')
    }
    // An invitation that ran out meanwhile: the page loads again and says so instead of the form.
    const explained = explainFailure(result, { password: fields.password })
    return formFailure(result.status, { form: 'invitation', ...explained })
  },
}
