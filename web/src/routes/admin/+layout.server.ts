import { requireStaff } from '$lib/server/guards'
import type { LayoutServerLoad } from './$types'

// Pages under /admin are for admins and coordinators: others are sent to sign in, or get a 403
// page. Form actions skip layout loads, so they ask requireStaff themselves.
export const load: LayoutServerLoad = (event) => {
  requireStaff(event)
  return {}
}
