import { fail, redirect } from '@sveltejs/kit'
import type { Rotation, SigningKeyList } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireRole } from '$lib/server/guards'
import { problemMessage } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

// The keys that sign certificates' credentials, newest first, and their rotation (admins only).
export const load: PageServerLoad = async (event) => {
  const admin = requireRole(event, ['admin'])
  const keys = await loadJson<SigningKeyList>(event, '/signing-keys')
  return { keys: keys.items, isAdmin: true, timeZone: admin.timeZone }
}

export const actions: Actions = {
  rotate: async (event) => {
    requireRole(event, ['admin'])
    const form = await event.request.formData()
    if (form.get('confirm') !== 'yes')
      return fail(400, {
        message: null,
        errors: { 'rotate-confirm': m.signing_keys_confirm_required() },
      })
    const result = await apiCall<Rotation>(event.fetch, 'POST', '/signing-keys/rotation')
    if (!result.ok) return fail(result.status, { message: problemMessage(result), errors: {} })
    redirect(303, '/admin/signing-keys?rotated')
  },
}
