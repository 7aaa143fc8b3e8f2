import { fail, redirect } from '@sveltejs/kit'
import type { User } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireRole } from '$lib/server/guards'
import { problemMessage } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

export const load: PageServerLoad = async (event) => {
  const admin = requireRole(event, ['admin'])
  const user = await loadJson<User>(event, `/users/${encodeURIComponent(event.params.id)}`)
  return { user, isAdmin: true, isSelf: admin.id === user.id }
}

export const actions: Actions = {
  default: async (event) => {
    requireRole(event, ['admin'])
    const form = await event.request.formData()
    if (form.get('confirm') !== 'yes') {
      return fail(400, { errors: { 'erase-confirm': m.admin_erase_confirm_required() } })
    }
    const result = await apiCall(
      event.fetch,
      'DELETE',
      `/users/${encodeURIComponent(event.params.id)}/personal-data`,
    )
    if (!result.ok) return fail(result.status, { errors: { form: problemMessage(result) } })
    redirect(303, '/admin/users?erased=1')
  },
}
