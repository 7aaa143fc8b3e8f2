import type { PageServerLoad } from './$types'
import { isAdmin, requireRole } from './admin.server'

export const load: PageServerLoad = async (event) => {
  const user = requireRole(event)
  return { isAdmin: isAdmin(user), name: user.name }
}
