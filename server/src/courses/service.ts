import type { Db } from '../db/create-db.ts'
import type { Page } from '../http/pagination.ts'
import { countPublishedCourses, listPublishedCourses } from './queries.ts'
import type { CourseSummary, ListCoursesQuery } from './schemas.ts'

/** Picks the title in the asked language, else English, else whichever comes first. */
export function localise(titles: Record<string, string>, lang: string | undefined): { title: string; language: string } {
  for (const language of [lang, 'en']) {
    if (language && titles[language]) return { title: titles[language], language }
  }
  const [language = '', title = ''] = Object.entries(titles)[0] ?? []
  return { title, language }
}

/** The public catalogue: published courses only, ordered by slug. */
export async function listCatalogue(db: Db, query: ListCoursesQuery): Promise<Page<CourseSummary>> {
  const rows = await listPublishedCourses(db, query.limit, query.offset)
  // Past the last page there is no row to carry the total, so it is counted on its own.
  const total = rows[0] ? Number(rows[0].total) : query.offset > 0 ? await countPublishedCourses(db) : 0
  const items = rows.map((row) => ({ slug: row.slug, languages: row.languages, ...localise(row.title, query.lang) }))
  return { items, total, limit: query.limit, offset: query.offset }
}
