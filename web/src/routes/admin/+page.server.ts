import { requireStaff, isAdmin } from '$lib/server/guards'
import type { PageServerLoad } from './$types'

export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event)
  return { isAdmin: isAdmin(user), name: user.name }
}
