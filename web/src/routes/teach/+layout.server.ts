import type { LayoutServerLoad } from './$types'
import { requireTrainer } from './teach.server'

// The studio is for trainers and admins: others are sent to sign in, or get a 403 page.
export const load: LayoutServerLoad = (event) => {
  requireTrainer(event)
  return {}
}
