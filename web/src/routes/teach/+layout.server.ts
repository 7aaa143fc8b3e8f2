import { requireTrainer } from '$lib/server/guards'
import type { LayoutServerLoad } from './$types'

// The studio is for trainers and admins: others are sent to sign in, or get a 403 page.
export const load: LayoutServerLoad = (event) => {
  requireTrainer(event)
  return {}
}
