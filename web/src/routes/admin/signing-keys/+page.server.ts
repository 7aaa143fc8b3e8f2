import { fail, redirect } from '@sveltejs/kit'
import { apiCall, loadJson } from '$lib/server/api'
import { requireRole } from '$lib/server/guards'
import { problemMessage } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

/** A key that signs credentials (GET /signing-keys: public facts only, never private material). */
export interface SigningKey {
  kid: string
  algorithm: string
  createdAt: string
  activatedAt: string | null
  retiredAt: string | null
}

// The keys that sign certificates' credentials, newest first, and their rotation (admins only).
export const load: PageServerLoad = async (event) => {
  const admin = requireRole(event, ['admin'])
  const keys = await loadJson<{ items: SigningKey[] }>(event, '/signing-keys')
  const items = [...keys.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  return { keys: items, isAdmin: true, timeZone: admin.timeZone }
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
    const result = await apiCall<SigningKey>(event.fetch, 'POST', '/signing-keys/rotation')
    if (!result.ok) return fail(result.status, { message: problemMessage(result), errors: {} })
    redirect(303, '/admin/signing-keys?rotated')
  },
}
