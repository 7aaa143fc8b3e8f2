import type { ClusterEvaluations } from '@agora/server/contract'
import type { ClusterCourseEvaluations } from '$lib/components/evaluations/cluster'
import { getLocale } from '$lib/paraglide/runtime'
import { loadJson } from './api'
import { isUuid } from './practices'
import type { RequestEvent } from '@sveltejs/kit'

/** Loads a cluster's evaluation results in the reader's language, one group per course. */
export async function loadClusterEvaluations(
  event: Pick<RequestEvent, 'fetch' | 'url'>,
  clusterId: string,
): Promise<ClusterCourseEvaluations[]> {
  const evaluations = await loadJson<ClusterEvaluations>(
    event,
    `/learning-clusters/${encodeURIComponent(clusterId)}/evaluations?lang=${encodeURIComponent(getLocale())}`,
  )
  // The courses and their versions in the order the API lists them.
  const courses = new Map<string, ClusterCourseEvaluations>()
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
  return [...courses.values()]
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * The query of a cluster's evaluation CSV from the page's `?course=&version=` (version optional),
 * or null when the address is not one the page links to.
 */
export function clusterEvaluationsCsvQuery(query: URLSearchParams): string | null {
  const course = query.get('course') ?? ''
  const version = query.get('version')
  if (!slugPattern.test(course) || (version !== null && !isUuid(version))) return null
  const filters = new URLSearchParams({ course })
  if (version !== null) filters.set('version', version)
  return filters.toString()
}
