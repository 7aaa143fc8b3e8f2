import { error, fail } from '@sveltejs/kit'
import type { Dashboard, Reminder } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireStaff } from '$lib/server/guards'
import { textField } from '$lib/server/forms'
import { problemMessage } from '$lib/server/problems'
import { formatDateTime } from '$lib/components/staff/format'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'

// Read-mostly and long: rendered on the server only, so a cheap phone loads no script and
// hydrates no tables (about 56 kB of JavaScript compressed with client rendering).
export const csr = false

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The cluster's API path; an address that cannot name a cluster is not found. */
function clusterPath(id: string): string {
  if (!uuid.test(id)) error(404, { message: m.problem_not_found() })
  return `/learning-clusters/${id}`
}

export const load: PageServerLoad = async (event) => {
  requireStaff(event)
  const dashboard = await loadJson<Dashboard>(
    event,
    `${clusterPath(event.params.id)}/dashboard?lang=${encodeURIComponent(getLocale())}`,
  )
  return { dashboard }
}

export const actions: Actions = {
  remind: async (event) => {
    requireStaff(event)
    const form = await event.request.formData()
    const userId = textField(form, 'userId')
    const name = textField(form, 'name')
    if (!uuid.test(userId)) return fail(400, { userId, message: m.problem_bad_request() })
    const result = await apiCall<Reminder>(
      event.fetch,
      'POST',
      `${clusterPath(event.params.id)}/members/${userId}/reminder`,
    )
    if (result.ok)
      return {
        reminded: name,
        nextAllowed: formatDateTime(result.data.nextAllowedAt),
      }
    const next = result.problem.nextAllowedAt
    if (result.status === 409 && typeof next === 'string')
      return fail(409, {
        userId,
        message: m.dashboard_reminder_too_soon({ name, date: formatDateTime(next) }),
      })
    return fail(result.status, { userId, message: problemMessage(result) })
  },
}
