import type { Question } from '../course-format/gift/index.ts'
import { type CourseAbout, generatedLanguages } from '../course-format/manifest.ts'
import type { TocEntry } from '../course-format/markdown/index.ts'
import { deepToCyrillic, htmlToCyrillic, latinToCyrillic } from '../course-format/transliterate.ts'
import type { Db } from '../db/create-db.ts'
import { Problem } from '../http/problem.ts'
import { Lru } from '../lru.ts'
import {
  createProgressionMachine,
  type ProgressionMachine,
  type ProgressionRules,
  type ProgressionStep,
} from '../progression/index.ts'
import {
  findPublishedCourse,
  findStepDocument,
  findVersionWithCourse,
  listStepOutlines,
} from './queries.ts'

/** A published course version as the learning features need it. Versions are immutable, so cached. */
export interface CourseVersion {
  id: string
  courseId: string
  slug: string
  number: number
  titles: Record<string, string>
  /** What the course says about itself, per language (generated ones derived); none before issue 16. */
  about: Record<string, CourseAbout>
  languages: string[]
  steps: ProgressionStep[]
  rules: ProgressionRules
  machine: ProgressionMachine
}

export interface StepDocument {
  step: string
  kind: 'module' | 'survey'
  language: string
  title: string
  minutes: number
  objectives: string[]
  html: string
  toc: TocEntry[]
  /** Answer keys included: for grading only, never for a learner before submitting. */
  questions: Question[]
}

/** A step as the API sends it: its course, its text, and the questions the caller may see. */
export function stepBody<Q extends object>(
  course: { slug: string; title: string; version: number },
  document: StepDocument,
  questions: Q[],
) {
  const { step, kind, language, title, minutes, objectives, html, toc } = document
  return { course, step, kind, language, title, minutes, objectives, html, toc, questions }
}

const versions = new Lru<Promise<CourseVersion | null>>(200)
const outlines = new Lru<Promise<Map<string, StepOutline>>>(400)
const documents = new Lru<Promise<StepDocument | null>>(2000)

// Rejected loads are dropped, so a passing database hiccup is not remembered.
function cached<V>(lru: Lru<Promise<V>>, key: string, load: () => Promise<V>): Promise<V> {
  let promise = lru.get(key)
  if (!promise) {
    promise = load()
    lru.set(key, promise)
    promise.catch(() => lru.delete(key))
  }
  return promise
}

/** A version the caller knows exists (an enrolment is pinned to it). */
export async function requireCourseVersion(db: Db, versionId: string): Promise<CourseVersion> {
  const version = await loadCourseVersion(db, versionId)
  if (!version) throw new Error(`course version ${versionId} is missing`)
  return version
}

/** The current version of a published course; 404 when there is none. */
export async function publishedVersion(db: Db, slug: string): Promise<CourseVersion> {
  const course = await findPublishedCourse(db, slug)
  if (!course?.currentVersionId) throw Problem.notFound('No such published course.')
  return requireCourseVersion(db, course.currentVersionId)
}

export function loadCourseVersion(db: Db, versionId: string): Promise<CourseVersion | null> {
  return cached(versions, versionId, async () => {
    const row = await findVersionWithCourse(db, versionId)
    if (!row) return null
    const { manifest } = row
    const steps = manifest.steps.map((step): ProgressionStep =>
      step.kind === 'webinar'
        ? { kind: 'webinar', slug: step.slug, alternative: step.alternative }
        : { kind: step.kind, slug: step.slug },
    )
    const titles = { ...manifest.title }
    const about = { ...manifest.about }
    for (const [generated, from] of Object.entries(generatedLanguages)) {
      if (!manifest.languages.includes(generated)) continue
      if (titles[from]) titles[generated] = latinToCyrillic(titles[from])
      if (about[from]) about[generated] = deepToCyrillic(about[from])
    }
    return {
      id: row.id,
      courseId: row.courseId,
      slug: row.slug,
      number: row.number,
      titles,
      about,
      languages: manifest.languages,
      steps,
      rules: manifest.quiz,
      machine: createProgressionMachine(steps, manifest.quiz),
    }
  })
}

/** A step's title and minutes, as the course page lists it before anyone enrols. */
export interface StepOutline {
  title: string
  minutes: number
}

/** The title and minutes of every module and survey of a version in one language, by step. */
export function loadStepOutlines(
  db: Db,
  versionId: string,
  language: string,
): Promise<Map<string, StepOutline>> {
  return cached(outlines, `${versionId}\n${language}`, async () => {
    const source = generatedLanguages[language]
    const rows = await listStepOutlines(db, versionId, source ?? language)
    return new Map(
      rows.map((row) => [
        row.step,
        { title: source ? latinToCyrillic(row.title) : row.title, minutes: row.minutes },
      ]),
    )
  })
}

/** A step's text in one language; generated languages (sr-Cyrl) are derived from their source on read. */
export function loadStepDocument(
  db: Db,
  versionId: string,
  language: string,
  step: string,
): Promise<StepDocument | null> {
  return cached(documents, `${versionId}\n${language}\n${step}`, async () => {
    const source = generatedLanguages[language]
    const document = await findStepDocument(db, versionId, source ?? language, step)
    if (!document) return null
    if (!source) return document
    return {
      ...document,
      language,
      title: latinToCyrillic(document.title),
      objectives: document.objectives.map(latinToCyrillic),
      html: htmlToCyrillic(document.html),
      toc: deepToCyrillic(document.toc),
      questions: deepToCyrillic(document.questions),
    }
  })
}
