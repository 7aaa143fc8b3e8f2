import { fail } from '@sveltejs/kit'
import type { Page, User } from '@agora/server/contract'
import { apiCall, findCourse, loadJson } from '$lib/server/api'
import { requireRole } from '$lib/server/guards'
import { textField } from '$lib/server/forms'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import type { Actions, PageServerLoad } from './$types'
import {
  assignableTrainers,
  assignmentFailure,
  type CourseTrainer,
  trainerField,
} from '../trainers'

// Only admins assign trainers (the API refuses coordinators), so the page asks for the role.
const requireAdmin = (event: Parameters<typeof requireRole>[0]) => requireRole(event, ['admin'])

const trainersPath = (slug: string) => `/courses/${encodeURIComponent(slug)}/trainers`

export const load: PageServerLoad = async (event) => {
  requireAdmin(event)
  const slug = event.params.course
  const [course, trainers, candidates] = await Promise.all([
    findCourse(event, slug, getLocale()),
    loadJson<CourseTrainer[]>(event, trainersPath(slug)),
    loadJson<Page<User>>(event, '/users?role=trainer&limit=100'),
  ])
  return { course, trainers, options: assignableTrainers(candidates.items, trainers) }
}

export const actions: Actions = {
  assign: async (event) => {
    requireAdmin(event)
    const form = await event.request.formData()
    const userId = textField(form, trainerField)
    if (!userId)
      return fail(400, {
        form: 'assign' as const,
        message: null,
        errors: { [trainerField]: m.admin_course_trainers_required() },
      })
    const slug = event.params.course
    const path = `${trainersPath(slug)}/${encodeURIComponent(userId)}`
    const result = await apiCall(event.fetch, 'PUT', path)
    if (!result.ok)
      return fail(result.status, { form: 'assign' as const, ...assignmentFailure(result) })
    const [course, trainers] = await Promise.all([
      findCourse(event, slug, getLocale()),
      loadJson<CourseTrainer[]>(event, trainersPath(slug)),
    ])
    const name = trainers.find((trainer) => trainer.id === userId)?.name ?? ''
    return { form: 'assign' as const, assigned: { name, course: course.title } }
  },

  remove: async (event) => {
    requireAdmin(event)
    const form = await event.request.formData()
    const userId = textField(form, 'userId')
    const name = textField(form, 'name')
    const slug = event.params.course
    const path = `${trainersPath(slug)}/${encodeURIComponent(userId)}`
    const result = await apiCall(event.fetch, 'DELETE', path)
    if (!result.ok) {
      const { message, errors } = assignmentFailure(result)
      return fail(result.status, {
        form: 'remove' as const,
        message: message ?? Object.values(errors)[0] ?? null,
        errors: {},
      })
    }
    const course = await findCourse(event, slug, getLocale())
    return { form: 'remove' as const, removed: { name, course: course.title } }
  },
}
