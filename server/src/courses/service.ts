import { generatedLanguages } from '../course-format/manifest.ts'
import { latinToCyrillic } from '../course-format/transliterate.ts'
import type { Db } from '../db/create-db.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { listPublishedCourses } from './queries.ts'
import type { CourseSummary, ListCoursesQuery } from './schemas.ts'

/**
 * Picks the title in the asked language, else English, else whichever comes first. A generated
 * language (sr-Cyrl) has no title of its own: when the course lists it among `languages`, its title
 * is derived from the source language's (sr-Latn).
 */
export function localise(
  titles: Record<string, string>,
  lang: string | undefined,
  languages: readonly string[] = [],
): { title: string; language: string } {
  const source = lang ? generatedLanguages[lang] : undefined
  if (lang && source && !titles[lang] && languages.includes(lang) && titles[source]) {
    return { title: latinToCyrillic(titles[source]), language: lang }
  }
  for (const language of [lang, 'en']) {
    if (language && titles[language]) return { title: titles[language], language }
  }
  const [language = '', title = ''] = Object.entries(titles)[0] ?? []
  return { title, language }
}

/** The public catalogue: published courses only, ordered by slug. */
export function listCatalogue(db: Db, query: ListCoursesQuery): Promise<Page<CourseSummary>> {
  return pageOf(
    query,
    (window) => listPublishedCourses(db, window),
    (row) => ({
      slug: row.slug,
      languages: row.languages,
      ...localise(row.title, query.lang, row.languages),
    }),
  )
}
