import type { CoursePage } from '@agora/server/contract'
import type { CourseTrainer } from './trainers'
import { loadJson } from '$lib/server/api'
import { requireRole } from '$lib/server/guards'
import { getLocale } from '$lib/paraglide/runtime'
import type { PageServerLoad } from './$types'

// Only admins assign trainers (the API refuses coordinators), so the page asks for the role.
export const load: PageServerLoad = async (event) => {
  requireRole(event, ['admin'])
  const catalogue = await loadJson<CoursePage>(
    event,
    `/courses?limit=100&lang=${encodeURIComponent(getLocale())}`,
  )
  const trainers = await Promise.all(
    catalogue.items.map((course) =>
      loadJson<CourseTrainer[]>(event, `/courses/${encodeURIComponent(course.slug)}/trainers`),
    ),
  )
  return {
    total: catalogue.total,
    courses: catalogue.items.map((course, index) => ({ ...course, trainers: trainers[index]! })),
  }
}
