import type { Page } from '$lib/components/admin/types'
import { getLocale } from '$lib/paraglide/runtime'
import { findCourse, getJson, requireTrainer } from '../../teach.server'
import type { PageServerLoad } from './$types'
import { isEnrolmentStatus, offsetParam, pageSize } from './labels'
import type { CourseEnrolment } from './types'

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
    getJson<Page<CourseEnrolment>>(
      event,
      `/courses/${encodeURIComponent(slug)}/enrolments?${query}`,
    ),
  ])
  return { course, enrolments, status }
}
