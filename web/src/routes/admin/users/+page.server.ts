import { fail } from '@sveltejs/kit'
import type { Page, User } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireRole, requireStaff, isAdmin } from '$lib/server/guards'
import { textField, pageSize, offsetParam } from '$lib/server/forms'
import { problemMessage } from '$lib/server/problems'
import { isRole, roles as allRoles } from '$lib/components/staff/labels'
import { m } from '$lib/paraglide/messages'
import type { Actions, PageServerLoad } from './$types'

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event)
  const q = event.url.searchParams.get('q')?.trim().slice(0, 200) ?? ''
  const roleParam = event.url.searchParams.get('role')
  const role = isRole(roleParam) ? roleParam : ''
  const query = new URLSearchParams({
    limit: String(pageSize),
    offset: String(offsetParam(event.url)),
  })
  if (q) query.set('q', q)
  if (role) query.set('role', role)
  const users = await loadJson<Page<User>>(event, `/users?${query}`)
  return {
    users,
    q,
    role,
    isAdmin: isAdmin(user),
    timeZone: user.timeZone,
    erased: event.url.searchParams.get('erased') === '1',
  }
}

export const actions: Actions = {
  roles: async (event) => {
    requireRole(event, ['admin'])
    const form = await event.request.formData()
    const userId = textField(form, 'userId')
    const roles = form.getAll('roles').filter(isRole)
    const name = textField(form, 'userName')
    if (!userId) return fail(400, { rolesUserId: userId, rolesError: m.problem_validation() })
    if (roles.length === 0)
      return fail(400, { rolesUserId: userId, rolesError: m.admin_users_roles_required() })
    const ordered = allRoles.filter((role) => roles.includes(role))
    const result = await apiCall<User>(
      event.fetch,
      'PUT',
      `/users/${encodeURIComponent(userId)}/roles`,
      { roles: ordered },
    )
    if (!result.ok)
      return fail(result.status, { rolesUserId: userId, rolesError: problemMessage(result) })
    return { rolesSaved: { userId, name: result.data.name ?? name } }
  },
}
