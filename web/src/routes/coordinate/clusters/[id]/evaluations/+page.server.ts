import {
  evaluationMinimumResponses,
  type Cluster,
  type ClusterEvaluations,
} from '@agora/server/contract'
import { loadJson } from '$lib/server/api'
import { requireStaff } from '$lib/server/guards'
import { getLocale } from '$lib/paraglide/runtime'
import type { PageServerLoad } from './$types'
import { clusterPath } from '../../../coordinate.server'

// Read-only and possibly long: rendered on the server only, as the dashboard is.
export const csr = false

// A cluster's evaluation results, per course it offers: the count, and the report from 5 on.
export const load: PageServerLoad = async (event) => {
  requireStaff(event)
  const path = clusterPath(event.params.id)
  const [cluster, evaluations] = await Promise.all([
    loadJson<Cluster>(event, path),
    loadJson<ClusterEvaluations>(
      event,
      `${path}/evaluations?lang=${encodeURIComponent(getLocale())}`,
    ),
  ])
  // One section per course, its versions in the order the API lists them.
  const courses = new Map<
    string,
    { slug: string; title: string; items: ClusterEvaluations['items'] }
  >()
  for (const item of evaluations.items) {
    const course = courses.get(item.courseSlug)
    if (course) course.items.push(item)
    else
      courses.set(item.courseSlug, {
        slug: item.courseSlug,
        title: item.courseTitle,
        items: [item],
      })
  }
  return { cluster, courses: [...courses.values()], minimum: evaluationMinimumResponses }
}
