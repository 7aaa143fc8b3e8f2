import type { CourseEnrolment, Page } from '@agora/server/contract'
import { loadJson, findCourse } from '$lib/server/api'
import { requireTrainer } from '$lib/server/guards'
import { pageSize, offsetParam } from '$lib/server/forms'
import { getLocale } from '$lib/paraglide/runtime'
import type { PageServerLoad } from './$types'
import { isEnrolmentStatus } from './labels'

export const load: PageServerLoad = async (event) => {
  requireTrainer(event)
  const slug = event.params.course
  const statusParam = event.url.searchParams.get('status')
  const status = isEnrolmentStatus(statusParam) ? statusParam : ''
  const query = new URLSearchParams({
    limit: String(pageSize),
    offset: String(offsetParam(event.url)),
  })
  if (status) query.set('status', status)
  const [course, enrolments] = await Promise.all([
    findCourse(event, slug, getLocale()),
    loadJson<Page<CourseEnrolment>>(
      event,
      `/courses/${encodeURIComponent(slug)}/enrolments?${query}`,
    ),
  ])
  return { course, enrolments, status }
}
