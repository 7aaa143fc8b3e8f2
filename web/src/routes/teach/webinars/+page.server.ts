import { requireTrainer } from '$lib/server/guards'
import { sessionsOf, taughtCourses } from '$lib/server/webinars'
import type { PageServerLoad } from './$types'

// The sessions of the courses the trainer teaches (or of one, with ?course=): upcoming first.
export const load: PageServerLoad = async (event) => {
  const user = requireTrainer(event)
  const courses = await taughtCourses(event)
  const course = courses.find(
    (candidate) => candidate.slug === event.url.searchParams.get('course'),
  )
  const { sessions } = await sessionsOf(event, course ? [course] : courses)
  return {
    sessions,
    hasCourses: courses.length > 0,
    course: course ? { slug: course.slug, title: course.title, language: course.language } : null,
    timeZone: user.timeZone,
  }
}
