import { apiGet } from '$lib/api'
import { getLocale } from '$lib/paraglide/runtime'
import type { PageServerLoad } from './$types'

interface CourseSummary {
  slug: string
  title: string
  language: string
  languages: string[]
}

export const load: PageServerLoad = async ({ fetch }) => {
  try {
    const page = await apiGet<{ items: CourseSummary[]; total: number }>(
      fetch,
      `/courses?lang=${encodeURIComponent(getLocale())}&limit=100`,
    )
    return { courses: page.items, unavailable: false }
  } catch {
    return { courses: [] as CourseSummary[], unavailable: true }
  }
}
