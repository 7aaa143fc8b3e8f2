import { requireUser } from '$lib/server/guards'
import { passOnCalendar } from '$lib/server/webinars'
import type { RequestHandler } from './$types'

/** A session's invitation as an .ics file, for the registered learner (or the session's staff). */
export const GET: RequestHandler = (event) => {
  requireUser(event)
  return passOnCalendar(event, event.params.id)
}
