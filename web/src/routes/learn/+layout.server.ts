import { requireUser } from '$lib/server/guards'
import type { LayoutServerLoad } from './$types'

// Learning pages are for signed-in people; form actions skip layout loads and check on their own.
export const load: LayoutServerLoad = (event) => {
  requireUser(event)
  return {}
}
