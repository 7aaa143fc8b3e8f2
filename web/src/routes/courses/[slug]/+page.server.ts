import { redirect } from '@sveltejs/kit'
import type { Enrolment } from '@agora/server/contract'
import { apiCall, enrolmentIn, findCourse } from '$lib/server/api'
import { formFailure, textField } from '$lib/server/forms'
import { problemMessage } from '$lib/server/problems'
import { safeRedirect } from '$lib/server/redirects'
import { getLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'

// A course as anyone reads it before enrolling; signing in is asked for only by the enrol form.
export const load: PageServerLoad = async (event) => {
  const slug = event.params.slug
  const course = await findCourse(event, slug, getLocale())
  const enrolment = event.locals.user ? await enrolmentIn(event, slug) : null
  const asked = event.url.searchParams.get('language')
  const language =
    asked && course.languages.includes(asked)
      ? asked
      : course.languages.includes(getLocale())
        ? getLocale()
        : course.language
  return { course, enrolled: enrolment !== null, signedIn: event.locals.user !== null, language }
}

export const actions: Actions = {
  enrol: async (event) => {
    const form = await event.request.formData()
    const language = textField(form, 'language')
    const slug = event.params.slug
    // A visitor signs in (or registers) first and comes back to this form, language kept.
    if (!event.locals.user) {
      const back = `/courses/${encodeURIComponent(slug)}${language ? `?language=${encodeURIComponent(language)}` : ''}`
      redirect(303, `/login?redirectTo=${encodeURIComponent(safeRedirect(back))}`)
    }
    const result = await apiCall<Enrolment>(event.fetch, 'POST', '/enrolments', {
      courseSlug: slug,
      ...(language ? { language } : {}),
    })
    if (!result.ok)
      return formFailure(result.status, { form: 'enrol', message: problemMessage(result) })
    redirect(303, `/learn/${result.data.course.slug}/${result.data.progress.current ?? ''}`)
  },
}
