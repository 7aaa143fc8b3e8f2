import { fail, redirect } from '@sveltejs/kit'
import type { PublishResult, Version } from '@agora/server/contract'
import { apiCall, loadJson, findCourse } from '$lib/server/api'
import { isAdmin, requireTrainer } from '$lib/server/guards'
import { textField, stepPattern } from '$lib/server/forms'
import { problemMessage, serviceProblem } from '$lib/server/problems'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'

export const load: PageServerLoad = async (event) => {
  const user = requireTrainer(event)
  const slug = event.params.course
  const [course, versions] = await Promise.all([
    findCourse(event, slug, getLocale()),
    loadJson<Version[]>(event, `/courses/${encodeURIComponent(slug)}/versions`),
  ])
  return { course, versions, timeZone: user.timeZone, isAdmin: isAdmin(user) }
}

export const actions: Actions = {
  open: async (event) => {
    requireTrainer(event)
    const form = await event.request.formData()
    const step = textField(form, 'step')
    const language = textField(form, 'language')
    const values = { step, language }
    if (!step)
      return fail(400, {
        form: 'open' as const,
        errors: { step: m.teach_open_step_required() },
        values,
      })
    if (!stepPattern.test(step))
      return fail(400, {
        form: 'open' as const,
        errors: { step: m.teach_open_step_invalid() },
        values,
      })
    const course = await findCourse(event, event.params.course, getLocale())
    const chosen = course.languages.includes(language) ? language : course.language
    redirect(303, `/teach/${encodeURIComponent(course.slug)}/${encodeURIComponent(chosen)}/${step}`)
  },

  publish: async (event) => {
    requireTrainer(event)
    const form = await event.request.formData()
    const changeSummary = textField(form, 'changeSummary')
    const values = { changeSummary }
    if (!changeSummary)
      return fail(400, {
        form: 'publish' as const,
        errors: { changeSummary: m.teach_publish_summary_required() },
        values,
      })
    const result = await apiCall<PublishResult>(
      event.fetch,
      'POST',
      `/courses/${encodeURIComponent(event.params.course)}/versions`,
      { changeSummary },
    )
    if (result.ok) return { form: 'publish' as const, published: result.data }
    const service = serviceProblem(result)
    // Content problems (file:line and what is wrong) are the course checker's words, the same
    // the studio's preview and `npm run courses:check` show: listed as they come.
    const fileProblems = (result.problem.errors ?? [])
      .filter(({ pointer }) => pointer.startsWith('/files/'))
      .map(({ pointer, detail }) => ({ file: pointer.slice('/files/'.length), detail }))
    if (!service && fileProblems.length > 0)
      return fail(400, { form: 'publish' as const, fileProblems, values })
    const message = problemMessage(result)
    return fail(result.status, { form: 'publish' as const, message, values })
  },
}
