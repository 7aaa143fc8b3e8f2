import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import { recordAudit } from '../audit/service.ts'
import { type CourseProblem, checkCourse } from '../course-format/check.ts'
import { parseGift } from '../course-format/gift/index.ts'
import { generatedLanguages } from '../course-format/manifest.ts'
import { renderModule } from '../course-format/markdown/index.ts'
import type { Db } from '../db/create-db.ts'
import { courseFolders, readCourseFiles } from './files.ts'
import {
  findVersionByHash,
  insertDocuments,
  insertVersion,
  lastVersionNumber,
  lockCourseSlug,
  publishVersion,
  upsertCourse,
} from './queries.ts'

export type ImportResult =
  | { status: 'created'; slug: string; version: number }
  | { status: 'unchanged'; slug: string; version: number }
  | { status: 'invalid'; slug: string; problems: CourseProblem[] }

/** The content hash of a course folder: every file's path and bytes, in path order. */
export function contentHash(files: Record<string, string>): string {
  const hash = createHash('sha256')
  for (const path of Object.keys(files).sort()) hash.update(`${path}\0${files[path]}\0`)
  return hash.digest('hex')
}

/**
 * Stores a course folder as a new immutable version and publishes it, unless the same content is
 * stored already. An invalid course stores nothing and returns its problems.
 */
export async function importCourse(
  db: Db,
  folder: string,
  files: Record<string, string>,
  options: { actorId?: string | null; changeSummary?: string | null } = {},
): Promise<ImportResult> {
  const { manifest, problems } = checkCourse(folder, files)
  if (!manifest || problems.length > 0) return { status: 'invalid', slug: folder, problems }
  const hash = contentHash(files)

  return db.transaction().execute(async (trx) => {
    // Serialises concurrent imports of one course (e.g. two replicas starting at once).
    await lockCourseSlug(trx, manifest.slug)
    const course = await upsertCourse(trx, manifest)
    const existing = await findVersionByHash(trx, course.id, hash)
    if (existing)
      return { status: 'unchanged' as const, slug: manifest.slug, version: existing.number }

    const number = (await lastVersionNumber(trx, course.id)) + 1
    const version = await insertVersion(trx, {
      courseId: course.id,
      number,
      contentHash: hash,
      manifest: JSON.stringify(manifest),
      manifestSource: files['course.yaml']!,
      changeSummary: options.changeSummary ?? null,
      createdBy: options.actorId ?? null,
    })

    const documents = []
    for (const language of manifest.languages.filter((tag) => !generatedLanguages[tag])) {
      for (const step of manifest.steps) {
        if (step.kind === 'webinar') continue
        const source = files[`${language}/${step.slug}.md`]!
        const rendered = renderModule(source)
        const questions = rendered.quizzes.flatMap(
          (quiz) => parseGift(quiz.source, { lineOffset: quiz.line - 1 }).questions,
        )
        documents.push({
          versionId: version.id,
          language,
          step: step.slug,
          kind: step.kind,
          title: rendered.frontMatter!.title,
          minutes: rendered.frontMatter!.minutes,
          objectives: JSON.stringify(rendered.frontMatter!.objectives),
          source,
          html: rendered.html,
          toc: JSON.stringify(rendered.toc),
          questions: JSON.stringify(questions),
        })
      }
    }
    await insertDocuments(trx, documents)
    await publishVersion(trx, course.id, manifest, version.id)
    await recordAudit(trx, {
      action: 'course.published',
      actorId: options.actorId ?? null,
      subject: course.id,
      details: { slug: manifest.slug, version: number, hash },
    })
    return { status: 'created' as const, slug: manifest.slug, version: number }
  })
}

/** Imports every course folder under `dir` (none when it does not exist). */
export async function importCourseFolders(db: Db, dir: string): Promise<ImportResult[]> {
  const results: ImportResult[] = []
  for (const folder of courseFolders(dir))
    results.push(await importCourse(db, basename(folder), readCourseFiles(folder)))
  return results
}
