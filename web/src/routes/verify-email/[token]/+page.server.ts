import { redirect } from '@sveltejs/kit'
import type { Session } from '@agora/server/contract'
import { apiCall } from '$lib/server/api'
import { formFailure } from '$lib/server/forms'
import { serviceProblem, linkProblem } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { takeReturn } from '$lib/server/redirects'
import { signIn } from '$lib/server/session'
import type { Actions } from './$types'

// Confirming takes a button press (a POST): mail scanners that open links must not use the token up.
// Someone who registered on the way to a page (a call's form) goes back there.
export const actions: Actions = {
  default: async (event) => {
    const result = await apiCall<Session>(event.fetch, 'POST', '/auth/verify-email', {
      token: event.params.token,
    })
    if (result.ok) {
      signIn(event, result.data)
      redirect(303, takeReturn(event, '/profile?welcome=1'))
    }
    const broken = linkProblem(result)
    return formFailure(result.status, {
      form: 'verify',
      message: broken ?? serviceProblem(result) ?? m.form_failed(),
      linkBroken: broken !== null,
    })
  },
}
