import { generatedLanguages } from '../course-format/manifest.ts'
import { latinToCyrillic } from '../course-format/transliterate.ts'
import { learnerView } from '../course-format/gift/index.ts'
import type { Db } from '../db/create-db.ts'
import type { Actor } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { findCourseId, findPublishedCourse, listPublishedCourses } from './queries.ts'
import { assertCanTeach } from './teaching.ts'
import {
  type CourseVersion,
  loadStepDocument,
  loadStepOutlines,
  requireCourseVersion,
  stepBody,
} from './versions.ts'
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

/** Minutes as hours to the nearest half hour, at least half an hour when there are any. */
export function hoursOf(minutes: number): number {
  return minutes > 0 ? Math.max(0.5, Math.round(minutes / 30) / 2) : 0
}

/**
 * What anyone may read about a published course before enrolling: its title, summary, audience
 * and outcomes, its steps with their minutes and the modules' hours, all in the language the title
 * is in (the asked one when the course has it, else English). No text, no questions, no keys.
 */
async function describeCourse(
  db: Db,
  course: { slug: string; title: Record<string, string>; languages: string[] },
  version: CourseVersion | null,
  lang: string | undefined,
): Promise<CourseSummary> {
  const { title, language } = localise(course.title, lang, course.languages)
  const about = version ? (version.about[language] ?? version.about.en) : undefined
  const outlines = version ? await loadStepOutlines(db, version.id, language) : new Map()
  const english =
    version && language !== 'en' ? await loadStepOutlines(db, version.id, 'en') : new Map()
  const steps = (version?.steps ?? []).map((step) => {
    if (step.kind === 'webinar')
      return {
        slug: step.slug,
        kind: step.kind,
        title: null,
        minutes: null,
        alternative: step.alternative,
      }
    const outline = outlines.get(step.slug) ?? english.get(step.slug)
    return {
      slug: step.slug,
      kind: step.kind,
      title: outline?.title ?? null,
      minutes: outline?.minutes ?? null,
      alternative: null,
    }
  })
  const minutes = steps
    .filter((step) => step.kind === 'module')
    .reduce((sum, step) => sum + (step.minutes ?? 0), 0)
  return {
    slug: course.slug,
    title,
    language,
    languages: course.languages,
    summary: about?.summary ?? null,
    audience: about?.audience ?? null,
    outcomes: about?.outcomes ?? [],
    minutes,
    hours: hoursOf(minutes),
    steps,
  }
}

/** The public catalogue: published courses only, ordered by slug, each described as on its page. */
export function listCatalogue(db: Db, query: ListCoursesQuery): Promise<Page<CourseSummary>> {
  return pageOf(
    query,
    (window) => listPublishedCourses(db, window),
    async (row) =>
      describeCourse(
        db,
        row,
        row.currentVersionId ? await requireCourseVersion(db, row.currentVersionId) : null,
        query.lang,
      ),
  )
}

/** One published course as anyone may read it before enrolling; 404 when it is not published. */
export async function describePublishedCourse(
  db: Db,
  slug: string,
  lang: string | undefined,
): Promise<CourseSummary> {
  const course = await findPublishedCourse(db, slug)
  if (!course?.currentVersionId) throw Problem.notFound('No such published course.')
  const version = await requireCourseVersion(db, course.currentVersionId)
  return describeCourse(db, { slug, ...course }, version, lang)
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
