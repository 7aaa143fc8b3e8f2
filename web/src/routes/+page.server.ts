import { catalogue } from '$lib/server/api'
import { getLocale } from '$lib/paraglide/runtime'
import type { PageServerLoad } from './$types'

export const load: PageServerLoad = async ({ fetch }) => {
  const courses = await catalogue(fetch, getLocale())
  return { courses: courses ?? [], unavailable: courses === null }
}
