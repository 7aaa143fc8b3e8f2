import type { CoursePage, Version } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireTrainer } from '$lib/server/guards'
import { getLocale } from '$lib/paraglide/runtime'
import type { PageServerLoad } from './$types'

export const load: PageServerLoad = async (event) => {
  requireTrainer(event)
  const lang = getLocale()
  const catalogue = await loadJson<CoursePage>(event, `/courses?limit=100&lang=${lang}`)
  // The API has no "my courses" yet: a course is editable when its versions answer.
  const answers = await Promise.all(
    catalogue.items.map((course) =>
      apiCall<Version[]>(
        event.fetch,
        'GET',
        `/courses/${encodeURIComponent(course.slug)}/versions`,
      ),
    ),
  )
  return { courses: catalogue.items.filter((_, index) => answers[index]!.ok) }
}
