import { redirect } from '@sveltejs/kit'
import { apiCall } from '$lib/server/api'
import { signOut } from '$lib/server/session'
import type { Actions, PageServerLoad } from './$types'

// Signing out changes state, so it is a POST (a form button); a visit here just goes home.
export const load: PageServerLoad = () => redirect(303, '/')

export const actions: Actions = {
  default: async (event) => {
    // The session ends in this browser even when the API cannot be reached to revoke it.
    await apiCall(event.fetch, 'POST', '/auth/logout').catch(() => null)
    signOut(event)
    redirect(303, '/')
  },
}
