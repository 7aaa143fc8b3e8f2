import { requireStaff } from '$lib/server/guards'
import type { LayoutServerLoad } from './$types'

// Pages under /coordinate are for coordinators and admins. Form actions skip layout loads, so
// they ask requireStaff themselves.
export const load: LayoutServerLoad = (event) => {
  const user = requireStaff(event)
  return { isAdmin: user.roles.includes('admin') }
}
