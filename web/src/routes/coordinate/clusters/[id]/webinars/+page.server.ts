import { fail, redirect } from '@sveltejs/kit'
import type { Cluster, CourseSummary, WebinarSession } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireStaff } from '$lib/server/guards'
import { onlyStepOf, sessionChoices, sessionFailure, sessionsOf } from '$lib/server/webinars'
import { emptySession, readSessionForm } from '$lib/webinars/session-form'
import { getLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'
import { clusterPath, courseChoices } from '../../../coordinate.server'

// A cluster's webinar sessions, and a session scheduled for the cluster (the trainer's form).
export const load: PageServerLoad = async (event) => {
  const user = requireStaff(event)
  const cluster = await loadJson<Cluster>(event, clusterPath(event.params.id))
  const offered = new Set(cluster.courses.map((course) => course.slug))
  const courses: Pick<CourseSummary, 'slug' | 'title' | 'language' | 'languages'>[] = (
    await courseChoices(event, cluster)
  )
    .filter((course) => offered.has(course.slug))
    .map((course) => ({
      slug: course.slug,
      title: course.title,
      language: course.language ?? course.languages[0] ?? 'en',
      languages: course.languages,
    }))
  const [{ sessions }, choices] = await Promise.all([
    sessionsOf(event, courses, `&clusterId=${cluster.id}`),
    sessionChoices(event, courses, []),
  ])
  const course = courses[0]
  return {
    cluster,
    sessions: sessions.filter((session) => session.clusterId === cluster.id),
    choices,
    defaults: emptySession({
      course: course?.slug ?? '',
      step: onlyStepOf(choices, course?.slug),
      timeZone: user.timeZone,
      language: course?.languages.includes(getLocale()) ? getLocale() : (course?.language ?? 'en'),
    }),
    timeZone: user.timeZone,
  }
}

export const actions: Actions = {
  create: async (event) => {
    requireStaff(event)
    clusterPath(event.params.id)
    const { body, values, errors } = readSessionForm(await event.request.formData())
    if (Object.keys(errors).length > 0) return fail(400, { values, errors, message: null })
    const result = await apiCall<WebinarSession>(
      event.fetch,
      'POST',
      `/courses/${encodeURIComponent(values.course)}/webinars`,
      { ...body, clusterId: event.params.id },
    )
    if (!result.ok) return fail(result.status, { values, ...sessionFailure(result) })
    redirect(303, `/coordinate/clusters/${event.params.id}/webinars?created`)
  },
}
