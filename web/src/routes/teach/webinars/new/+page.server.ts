import { fail, redirect } from '@sveltejs/kit'
import type { ClusterPage, WebinarSession } from '@agora/server/contract'
import { apiCall, loadJson } from '$lib/server/api'
import { requireTrainer } from '$lib/server/guards'
import { onlyStepOf, sessionChoices, sessionFailure, taughtCourses } from '$lib/server/webinars'
import { emptySession, readSessionForm } from '$lib/webinars/session-form'
import { getLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'

// A trainer schedules a session of a course they teach, for one of their clusters or for all.
export const load: PageServerLoad = async (event) => {
  const user = requireTrainer(event)
  const [courses, clusters] = await Promise.all([
    taughtCourses(event),
    loadJson<ClusterPage>(event, '/learning-clusters?limit=100'),
  ])
  const choices = await sessionChoices(event, courses, clusters.items)
  const asked = event.url.searchParams.get('course') ?? ''
  const course = courses.find((candidate) => candidate.slug === asked) ?? courses[0]
  const language = course?.languages.includes(getLocale()) ? getLocale() : course?.language
  return {
    choices,
    defaults: emptySession({
      course: course?.slug ?? '',
      step: onlyStepOf(choices, course?.slug),
      timeZone: user.timeZone,
      language: language ?? 'en',
    }),
  }
}

export const actions: Actions = {
  create: async (event) => {
    requireTrainer(event)
    const { body, values, errors } = readSessionForm(await event.request.formData())
    if (Object.keys(errors).length > 0) return fail(400, { values, errors, message: null })
    const result = await apiCall<WebinarSession>(
      event.fetch,
      'POST',
      `/courses/${encodeURIComponent(values.course)}/webinars`,
      body,
    )
    if (!result.ok) return fail(result.status, { values, ...sessionFailure(result) })
    redirect(303, `/teach/webinars/${result.data.id}?created`)
  },
}
