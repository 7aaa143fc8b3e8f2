import { error } from '@sveltejs/kit'
import { getLocale } from '$lib/paraglide/runtime'
import { m } from '$lib/paraglide/messages'
import { findCourse, getJson, requireTrainer } from '../../../../teach.server'
import type { PageServerLoad } from './$types'

export const load: PageServerLoad = async (event) => {
  requireTrainer(event)
  const [from, to] = [Number(event.params.from), Number(event.params.to)]
  if (![from, to].every((n) => Number.isInteger(n) && n > 0))
    error(404, { message: m.admin_error_not_found() })
  const course = await findCourse(event, event.params.course, getLocale())
  const changes = await getJson<{ file: string; patch: string }[]>(
    event,
    `/courses/${encodeURIComponent(course.slug)}/versions/${from}/diff/${to}`,
  )
  return { course, from, to, changes }
}
