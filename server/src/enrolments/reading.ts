import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { surveyQuestions } from '../course-format/gift/index.ts'
import type { Db } from '../db/create-db.ts'
import type { Actor } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'
import { Lru } from '../lru.ts'
import {
  type CourseVersion,
  loadCourseVersion,
  loadStepDocument,
  stepBody,
} from '../courses/service.ts'
import { describeProgress } from '../progression/index.ts'
import { enrolmentAccess } from './access.ts'
import { withdrawnProblem } from './problems.ts'
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
  /** Versions never change, so the entry can hold the loaded one. */
  version: CourseVersion
  language: string
  open: Set<string>
  withdrawn: boolean
  expires: number
}

// Who may read what, per enrolment, for a few seconds. Progress only ever opens steps, so a stale
// entry can only refuse too much, and a refusal is re-checked against the database. Withdrawal is
// the one change that closes: it shows here after at most ACCESS_TTL_MS on other replicas.
const ACCESS_TTL_MS = 5_000
const accessByEnrolment = new Lru<ReadingAccess>(20_000)
// Each rendering keeps its promise for the first readers and, once done, the document itself, so
// a read of a rendered step needs no await at all.
const rendered = new Lru<{ promise: Promise<ReadyDocument | null>; document?: ReadyDocument }>(4000)

export function forgetReadingAccess(enrolmentId: string): void {
  accessByEnrolment.delete(enrolmentId)
}

async function loadAccess(db: Db, actor: Actor, enrolmentId: string): Promise<ReadingAccess> {
  const row = await findEnrolment(db, enrolmentId)
  if (!row) throw Problem.notFound('No such enrolment.')
  await enrolmentAccess(db, actor, row)
  const version = await loadCourseVersion(db, row.courseVersionId)
  if (!version) throw Problem.notFound('No such course version.')
  const summary = describeProgress(version.steps, version.rules, row.progress)
  const access: ReadingAccess = {
    userId: row.userId,
    version,
    language: row.language,
    open: new Set(
      summary.steps.filter((step) => step.status !== 'locked').map((step) => step.slug),
    ),
    withdrawn: row.status === 'withdrawn',
    expires: Date.now() + ACCESS_TTL_MS,
  }
  // Only the learner's own reads are cached; others go through the full access check every time.
  if (row.userId === actor.id) accessByEnrolment.set(enrolmentId, access)
  return access
}

function cachedAccess(actor: Actor, enrolmentId: string, step: string): ReadingAccess | undefined {
  const cached = accessByEnrolment.get(enrolmentId)
  return cached &&
    cached.userId === actor.id &&
    cached.expires > Date.now() &&
    cached.open.has(step)
    ? cached
    : undefined
}

function checkedAccess(access: ReadingAccess): ReadingAccess {
  if (access.withdrawn) throw withdrawnProblem()
  return access
}

export function readyDocument(
  db: Db,
  version: CourseVersion,
  language: string,
  step: string,
): Promise<ReadyDocument | null> {
  const key = documentKey(version, language, step)
  let rendering = rendered.get(key)
  if (!rendering) {
    const promise = (async () => {
      const document = await loadStepDocument(db, version.id, language, step)
      if (!document) return null
      const course = {
        slug: version.slug,
        title: version.titles[language] ?? version.titles.en ?? version.slug,
        version: version.number,
      }
      const json = JSON.stringify(
        stepBody(
          course,
          document,
          document.kind === 'survey' ? surveyQuestions(document.questions) : [],
        ),
      )
      const bytes = Buffer.from(json)
      return {
        json: bytes,
        gzip: gzipSync(bytes, { level: 9 }),
        brotli: brotliCompressSync(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        }),
        etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`,
      }
    })()
    const entry: { promise: Promise<ReadyDocument | null>; document?: ReadyDocument } = { promise }
    rendered.set(key, entry)
    promise.then(
      (document) => (entry.document = document ?? undefined),
      () => rendered.delete(key),
    )
    rendering = entry
  }
  return rendering.promise
}

/**
 * A step of the enrolment's pinned version, in its language (or `lang`, if the course has it).
 * Steps after the current one are locked; done and current ones may be read. A learner re-reading
 * an open step that is already rendered gets it without waiting on anything (no promise at all);
 * everything else goes through the database.
 */
export function readStep(
  db: Db,
  actor: Actor,
  enrolmentId: string,
  step: string,
  lang?: string,
): ReadyDocument | Promise<ReadyDocument> {
  const cached = cachedAccess(actor, enrolmentId, step)
  if (cached) {
    const document = rendered.get(
      documentKey(cached.version, languageFor(cached, lang), step),
    )?.document
    if (document) {
      checkedAccess(cached)
      return document
    }
  }
  return readStepFromDatabase(db, actor, enrolmentId, step, lang)
}

async function readStepFromDatabase(
  db: Db,
  actor: Actor,
  enrolmentId: string,
  step: string,
  lang?: string,
): Promise<ReadyDocument> {
  const access = checkedAccess(
    cachedAccess(actor, enrolmentId, step) ?? (await loadAccess(db, actor, enrolmentId)),
  )
  const { version } = access
  if (!version.steps.some((candidate) => candidate.slug === step && candidate.kind !== 'webinar')) {
    throw Problem.notFound('No such module in this course.')
  }
  if (!access.open.has(step))
    throw new Problem(
      409,
      'step-locked',
      'Not open yet',
      'This step opens when the steps before it are done.',
      { step },
    )
  const document = await readyDocument(db, version, languageFor(access, lang), step)
  if (!document) throw Problem.notFound('No such module in this course.')
  return document
}

function languageFor(access: ReadingAccess, lang: string | undefined): string {
  return lang && access.version.languages.includes(lang) ? lang : access.language
}

const documentKey = (version: CourseVersion, language: string, step: string) =>
  `${version.id}\n${language}\n${step}`
