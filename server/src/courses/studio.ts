import { createTwoFilesPatch } from 'diff'
import { strToU8, zipSync } from 'fflate'
import type { Db } from '../db/create-db.ts'
import { type CourseManifest, generatedLanguages } from '../course-format/manifest.ts'
import type { Actor } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'
import { type ImportResult, importCourse } from './import.ts'
import {
  deleteDraftRevision,
  findCourseWithCurrentVersion,
  findDocumentSource,
  findDraft,
  findManifestSource,
  findVersionsByNumber,
  listDocumentSources,
  listDrafts,
  listVersionHistory,
  lockDraft,
  upsertDraft,
} from './queries.ts'
import { assertCanTeach } from './teaching.ts'

async function courseForTeaching(db: Db, actor: Actor, slug: string) {
  const course = await findCourseWithCurrentVersion(db, slug)
  if (!course) throw Problem.notFound('No such course.')
  await assertCanTeach(db, actor, course.id)
  return course
}

function assertDocument(manifest: CourseManifest, language: string, step: string): void {
  const hasStep = manifest.steps.some((s) => s.kind !== 'webinar' && s.slug === step)
  if (!hasStep || !manifest.languages.includes(language) || generatedLanguages[language]) {
    throw Problem.notFound(`The course has no ${language} text for '${step}'.`)
  }
}

export interface Draft {
  markdown: string
  revision: number
  updatedAt: string | null
  updatedBy: string | null
}

async function readDraft(
  db: Db,
  course: { id: string; currentVersionId: string | null },
  language: string,
  step: string,
): Promise<Draft> {
  const draft = await findDraft(db, course.id, language, step)
  if (draft)
    return {
      markdown: draft.markdown,
      revision: draft.revision,
      updatedAt: new Date(draft.updatedAt).toISOString(),
      updatedBy: draft.name,
    }
  const source = await findDocumentSource(db, course.currentVersionId!, language, step)
  return { markdown: source, revision: 0, updatedAt: null, updatedBy: null }
}

/** The text a trainer edits: their course's draft if there is one, else the published text (revision 0). */
export async function getDraft(
  db: Db,
  actor: Actor,
  slug: string,
  language: string,
  step: string,
): Promise<Draft> {
  const course = await courseForTeaching(db, actor, slug)
  assertDocument(course.manifest, language, step)
  return readDraft(db, course, language, step)
}

/**
 * Saves a draft on top of the revision the editor started from. If someone saved in between, the
 * save is refused with their text, so nobody's work is overwritten silently.
 */
export async function saveDraft(
  db: Db,
  actor: Actor,
  slug: string,
  language: string,
  step: string,
  markdown: string,
  baseRevision: number,
): Promise<Draft> {
  const course = await courseForTeaching(db, actor, slug)
  assertDocument(course.manifest, language, step)
  return db.transaction().execute(async (trx) => {
    await lockDraft(trx, course.id, language, step)
    const current = await readDraft(trx, course, language, step)
    if (current.revision !== baseRevision) {
      throw new Problem(
        409,
        'conflict',
        'Edited by someone else',
        `${current.updatedBy ?? 'Someone'} saved this text after you opened it. Compare, merge, then save again.`,
        {
          current,
        },
      )
    }
    const revision = baseRevision + 1
    await upsertDraft(trx, {
      courseId: course.id,
      language,
      step,
      markdown,
      revision,
      updatedBy: actor.id,
    })
    return readDraft(trx, course, language, step)
  })
}

async function versionFiles(db: Db, versionId: string): Promise<Record<string, string>> {
  const files: Record<string, string> = { 'course.yaml': await findManifestSource(db, versionId) }
  const documents = await listDocumentSources(db, versionId)
  for (const document of documents)
    files[`${document.language}/${document.step}.md`] = document.source
  return files
}

/** The course as its trainers see it now: the published files with every draft laid over them. */
async function draftFiles(db: Db, course: { id: string; currentVersionId: string | null }) {
  const files = await versionFiles(db, course.currentVersionId!)
  const drafts = await listDrafts(db, course.id)
  for (const draft of drafts) files[`${draft.language}/${draft.step}.md`] = draft.markdown
  return { files, drafts }
}

/** Publishes the drafts as a new course version (all files checked first) and clears them. */
export async function publishDrafts(
  db: Db,
  actor: Actor,
  slug: string,
  changeSummary: string,
): Promise<ImportResult> {
  const course = await courseForTeaching(db, actor, slug)
  const { files, drafts } = await draftFiles(db, course)

  const result = await importCourse(db, slug, files, { actorId: actor.id, changeSummary })
  if (result.status === 'invalid') {
    throw Problem.validation(
      result.problems.map((problem) => ({
        pointer: `/files/${problem.file}`,
        reason: 'invalid',
        detail: `line ${problem.line}:${problem.column}: ${problem.message}`,
      })),
      'The drafts have problems; nothing was published.',
    )
  }
  // Only the revisions that went into this version are cleared; a save made meanwhile stays a draft.
  for (const draft of drafts) {
    await deleteDraftRevision(db, course.id, draft)
  }
  return result
}

export async function listVersions(db: Db, actor: Actor, slug: string) {
  const course = await courseForTeaching(db, actor, slug)
  const rows = await listVersionHistory(db, course.id)
  return rows.map((row) => ({
    number: row.number,
    createdAt: new Date(row.createdAt).toISOString(),
    changeSummary: row.changeSummary,
    createdBy: row.name,
    contentHash: row.contentHash,
  }))
}

/** What changed between two versions, file by file, as unified diffs (files that differ only). */
export async function diffVersions(db: Db, actor: Actor, slug: string, from: number, to: number) {
  const course = await courseForTeaching(db, actor, slug)
  const versions = await findVersionsByNumber(db, course.id, [from, to])
  const idOf = (number: number) => {
    const version = versions.find((v) => v.number === number)
    if (!version) throw Problem.notFound(`The course has no version ${number}.`)
    return version.id
  }
  const [before, after] = [await versionFiles(db, idOf(from)), await versionFiles(db, idOf(to))]
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  return paths
    .filter((path) => before[path] !== after[path])
    .map((path) => ({
      file: path,
      patch: createTwoFilesPatch(
        `v${from}/${path}`,
        `v${to}/${path}`,
        before[path] ?? '',
        after[path] ?? '',
        undefined,
        undefined,
        { context: 3 },
      ),
    }))
}

/** The course with its drafts as a zip in the courses/ layout, to commit back to the repository. */
export async function draftArchive(db: Db, actor: Actor, slug: string): Promise<Uint8Array> {
  const course = await courseForTeaching(db, actor, slug)
  const { files } = await draftFiles(db, course)
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([path, text]) => [`${slug}/${path}`, strToU8(text)]),
    ),
    { level: 6 },
  )
}
