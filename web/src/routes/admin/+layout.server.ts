import { requireRole } from './admin.server'
import type { LayoutServerLoad } from './$types'

// Pages under /admin are for admins and coordinators: others are sent to sign in, or get a 403
// page. Form actions skip layout loads, so they ask requireRole themselves.
export const load: LayoutServerLoad = (event) => {
  requireRole(event)
  return {}
}
