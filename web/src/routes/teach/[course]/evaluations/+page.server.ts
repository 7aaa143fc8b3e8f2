import {
  evaluationMinimumResponses,
  type CourseEvaluations,
  type EvaluationReport,
} from '@agora/server/contract'
import { findCourse, loadJson } from '$lib/server/api'
import { requireTrainer } from '$lib/server/guards'
import { getLocale } from '$lib/paraglide/runtime'
import type { PageServerLoad } from './$types'

// Read-only and possibly long: rendered on the server only, as the dashboard pages are.
export const csr = false

// Versions whose report is fetched with the page; older ones keep their count and CSV link.
const reportsShown = 10

// A course's evaluation results per published version: the count of responses, and the report
// from the minimum on.
export const load: PageServerLoad = async (event) => {
  const user = requireTrainer(event)
  const course = await findCourse(event, event.params.course, getLocale())
  const base = `/courses/${encodeURIComponent(course.slug)}/evaluations`
  const lang = encodeURIComponent(getLocale())
  const { items } = await loadJson<CourseEvaluations>(event, base)
  const versions = await Promise.all(
    items.map(async (version, index) => ({
      ...version,
      report:
        index < reportsShown && version.enough
          ? await loadJson<EvaluationReport>(
              event,
              `${base}/${version.versionId}?step=${encodeURIComponent(version.step)}&lang=${lang}`,
            )
          : null,
    })),
  )
  return { course, versions, timeZone: user.timeZone, minimum: evaluationMinimumResponses }
}
