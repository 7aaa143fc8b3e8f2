import { error, fail } from '@sveltejs/kit'
import type { Draft, ModulePreview } from '@agora/server/contract'
import { apiCall, loadJson, findCourse } from '$lib/server/api'
import { requireTrainer } from '$lib/server/guards'
import { secretField, stepPattern } from '$lib/server/forms'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'
import { studioProblem } from './problems.server'

type Event = Parameters<PageServerLoad>[0]

const draftPath = (params: Event['params']) =>
  `/courses/${encodeURIComponent(params.course)}/drafts/${encodeURIComponent(params.language)}/${params.step}`

async function preview(
  event: Pick<Event, 'fetch'>,
  markdown: string,
): Promise<ModulePreview | null> {
  const result = await apiCall<ModulePreview>(event.fetch, 'POST', '/module-previews', { markdown })
  return result.ok ? result.data : null
}

export const load: PageServerLoad = async (event) => {
  const user = requireTrainer(event)
  const { params } = event
  if (!stepPattern.test(params.step)) error(404, { message: m.teach_not_found() })
  const course = await findCourse(event, params.course, getLocale())
  if (!course.languages.includes(params.language)) error(404, { message: m.teach_not_found() })
  const draft = await loadJson<Draft>(event, draftPath(params))
  return {
    course,
    language: params.language,
    step: params.step,
    draft,
    preview: await preview(event, draft.markdown),
    timeZone: user.timeZone,
  }
}

export const actions: Actions = {
  save: async (event) => {
    requireTrainer(event)
    const form = await event.request.formData()
    // Exactly as typed: line numbers of problems must match the trainer's text.
    const markdown = secretField(form, 'markdown').replace(/\r\n?/g, '\n')
    const baseRevision = Number.parseInt(secretField(form, 'baseRevision'), 10)
    const result = await apiCall<Draft>(event.fetch, 'PUT', draftPath(event.params), {
      markdown,
      baseRevision: Number.isFinite(baseRevision) && baseRevision >= 0 ? baseRevision : 0,
    })
    if (result.ok) return { saved: result.data, markdown, preview: await preview(event, markdown) }

    // An edit conflict carries the text saved in the meantime (RFC 9457 extension member).
    const current = result.problem.current as Draft | undefined
    if (result.status === 409 && current) {
      return fail(409, { conflict: current, markdown, preview: await preview(event, markdown) })
    }
    const message = studioProblem(result)
    return fail(result.status, { message, markdown, preview: await preview(event, markdown) })
  },
}
