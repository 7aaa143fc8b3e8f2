import { requireTrainer } from '$lib/server/guards'
import { sessionsOf, taughtCourses } from '$lib/server/webinars'
import type { PageServerLoad } from './$types'

// The sessions of the courses the trainer teaches: upcoming first, then past ones.
export const load: PageServerLoad = async (event) => {
  const user = requireTrainer(event)
  const courses = await taughtCourses(event)
  const { sessions } = await sessionsOf(event, courses)
  return { sessions, hasCourses: courses.length > 0, timeZone: user.timeZone }
}
