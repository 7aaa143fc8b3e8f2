import { error, redirect } from '@sveltejs/kit'
import { apiCall } from '$lib/api'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'
import { loginPath } from '$lib/server/redirects'
import type { PageServerLoad } from './$types'

interface Module {
  course: { slug: string; title: string; version: number }
  language: string
  title: string
  minutes: number
  objectives: string[]
  html: string
  toc: { level: number; id: string; text: string }[]
}

// The reading view of a module. Enrolment, progress and the quiz come with the progression engine.
export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, loginPath(event.url))
  const path = `/courses/${encodeURIComponent(event.params.course)}/modules/${encodeURIComponent(event.params.module)}?lang=${encodeURIComponent(getLocale())}`
  const result = await apiCall<Module>(event.fetch, 'GET', path)
  if (result.ok) return { module: result.data }
  if (result.status === 401) redirect(303, loginPath(event.url))
  error(result.status === 404 ? 404 : 502, { message: result.status === 404 ? m.error_not_found() : m.error_generic() })
}
