import { generatedLanguages } from '../course-format/manifest.ts'
import { latinToCyrillic } from '../course-format/transliterate.ts'
import { learnerView } from '../course-format/gift/index.ts'
import type { Db } from '../db/create-db.ts'
import type { Actor } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { findCourseId, findPublishedCourse, listPublishedCourses } from './queries.ts'
import { assertCanTeach } from './teaching.ts'
import { loadStepDocument, requireCourseVersion, stepBody } from './versions.ts'
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

export { StepBodySchema, type StepBody } from './schemas.ts'
export { assertCanTeach } from './teaching.ts'
export {
  type CourseVersion,
  loadCourseVersion,
  loadStepDocument,
  publishedVersion,
  requireCourseVersion,
  type StepDocument,
  stepBody,
} from './versions.ts'

/** The id of a course by its slug, published or not. */
export async function courseIdOf(db: Db, slug: string): Promise<string | undefined> {
  return findCourseId(db, slug)
}

/**
 * A module of the current published version as learners see it, for trainers of the course and
 * admins; in `lang` when the course has it, else English, else its first language.
 */
export async function previewPublishedModule(
  db: Db,
  actor: Actor,
  slug: string,
  step: string,
  lang: string | undefined,
) {
  const course = await findPublishedCourse(db, slug)
  if (!course?.currentVersionId) throw Problem.notFound('No such published course.')
  await assertCanTeach(db, actor, course.id)
  const version = await requireCourseVersion(db, course.currentVersionId)
  const wanted = lang && course.languages.includes(lang) ? lang : 'en'
  const document =
    (await loadStepDocument(db, version.id, wanted, step)) ??
    (await loadStepDocument(db, version.id, course.languages[0]!, step))
  if (!document || document.kind !== 'module') throw Problem.notFound('No such module.')
  const title = localise(course.title, document.language, course.languages).title
  return stepBody(
    { slug, title, version: version.number },
    document,
    document.questions.map(learnerView),
  )
}
