import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Db } from '../db/create-db.ts'
import type { Actor } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'
import { describeProgress, type PersistedProgress } from '../progression/index.ts'
import { surveyQuestions } from '../quizzes/view.ts'
import { enrolmentAccess } from './access.ts'
import { type CourseVersion, loadCourseVersion, loadStepDocument } from './course-versions.ts'
import { findEnrolment } from './queries.ts'

/**
 * A module or survey ready to send: serialised, encoded and compressed once per version, language
 * and step, since a version never changes. Writing these bytes is then the whole cost of a read.
 */
export interface ReadyDocument {
  json: Buffer
  gzip: Buffer
  brotli: Buffer
  etag: string
}

interface ReadingAccess {
  userId: string
  versionId: string
  language: string
  open: Set<string>
  withdrawn: boolean
  expires: number
}

// Who may read what, per enrolment, for a few seconds. Progress only ever opens steps, so a stale
// entry can only refuse too much, and a refusal is re-checked against the database. Withdrawal is
// the one change that closes: it shows here after at most ACCESS_TTL_MS on other replicas.
const ACCESS_TTL_MS = 5_000
const MAX_ENTRIES = 20_000
const accessByEnrolment = new Map<string, ReadingAccess>()
const ready = new Map<string, Promise<ReadyDocument | null>>()

export function forgetReadingAccess(enrolmentId: string): void {
  accessByEnrolment.delete(enrolmentId)
}

async function loadAccess(db: Db, actor: Actor, enrolmentId: string): Promise<ReadingAccess> {
  const row = await findEnrolment(db, enrolmentId)
  if (!row) throw Problem.notFound('No such enrolment.')
  await enrolmentAccess(db, actor, row)
  const version = await loadCourseVersion(db, row.courseVersionId)
  if (!version) throw Problem.notFound('No such course version.')
  const summary = describeProgress(version.steps, version.rules, row.progress as PersistedProgress)
  const access: ReadingAccess = {
    userId: row.userId,
    versionId: row.courseVersionId,
    language: row.language,
    open: new Set(summary.steps.filter((step) => step.status !== 'locked').map((step) => step.slug)),
    withdrawn: row.status === 'withdrawn',
    expires: Date.now() + ACCESS_TTL_MS,
  }
  // Only the learner's own reads are cached; others go through the full access check every time.
  if (row.userId === actor.id) {
    if (accessByEnrolment.size >= MAX_ENTRIES) accessByEnrolment.delete(accessByEnrolment.keys().next().value!)
    accessByEnrolment.set(enrolmentId, access)
  }
  return access
}

async function readingAccess(db: Db, actor: Actor, enrolmentId: string, step: string): Promise<ReadingAccess> {
  const cached = accessByEnrolment.get(enrolmentId)
  let access = cached && cached.userId === actor.id && cached.expires > Date.now() ? cached : await loadAccess(db, actor, enrolmentId)
  if (!access.open.has(step) && access === cached) access = await loadAccess(db, actor, enrolmentId)
  if (access.withdrawn) throw new Problem(409, 'event-refused', 'Enrolment withdrawn', 'This enrolment was withdrawn; enrol again to read the course.')
  return access
}

export function readyDocument(db: Db, version: CourseVersion, language: string, step: string): Promise<ReadyDocument | null> {
  const key = `${version.id}\n${language}\n${step}`
  let promise = ready.get(key)
  if (!promise) {
    promise = (async () => {
      const document = await loadStepDocument(db, version.id, language, step)
      if (!document) return null
      const json = JSON.stringify({
        course: { slug: version.slug, title: version.titles[language] ?? version.titles.en ?? version.slug, version: version.number },
        step,
        kind: document.kind,
        language: document.language,
        title: document.title,
        minutes: document.minutes,
        objectives: document.objectives,
        html: document.html,
        toc: document.toc,
        questions: document.kind === 'survey' ? surveyQuestions(document.questions) : [],
      })
      const bytes = Buffer.from(json)
      return {
        json: bytes,
        gzip: gzipSync(bytes, { level: 9 }),
        brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
        etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`,
      }
    })()
    if (ready.size >= 4000) ready.delete(ready.keys().next().value!)
    ready.set(key, promise)
    promise.catch(() => ready.delete(key))
  }
  return promise
}

/**
 * A step of the enrolment's pinned version, in its language (or `lang`, if the course has it).
 * Steps after the current one are locked; done and current ones may be read.
 */
export async function readStep(db: Db, actor: Actor, enrolmentId: string, step: string, lang?: string): Promise<ReadyDocument> {
  const access = await readingAccess(db, actor, enrolmentId, step)
  const version = await loadCourseVersion(db, access.versionId)
  if (!version || !version.steps.some((candidate) => candidate.slug === step && candidate.kind !== 'webinar')) {
    throw Problem.notFound('No such module in this course.')
  }
  if (!access.open.has(step)) throw new Problem(409, 'step-locked', 'Not open yet', 'This step opens when the steps before it are done.', { step })
  const language = lang && version.languages.includes(lang) ? lang : access.language
  const document = await readyDocument(db, version, language, step)
  if (!document) throw Problem.notFound('No such module in this course.')
  return document
}
