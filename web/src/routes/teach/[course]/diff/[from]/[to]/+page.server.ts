import { error } from '@sveltejs/kit'
import type { FileDiff } from '@agora/server/contract'
import { loadJson, findCourse } from '$lib/server/api'
import { requireTrainer } from '$lib/server/guards'
import { getLocale } from '$lib/paraglide/runtime'
import { m } from '$lib/paraglide/messages'
import type { PageServerLoad } from './$types'

export const load: PageServerLoad = async (event) => {
  requireTrainer(event)
  const [from, to] = [Number(event.params.from), Number(event.params.to)]
  if (![from, to].every((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647))
    error(404, { message: m.problem_not_found() })
  const course = await findCourse(event, event.params.course, getLocale())
  const changes = await loadJson<FileDiff[]>(
    event,
    `/courses/${encodeURIComponent(course.slug)}/versions/${from}/diff/${to}`,
  )
  return { course, from, to, changes }
}
