// Who reaches a practice, and what the API shows of it.
import { assertCanTeach, localise } from '../courses/service.ts'
import { renderMarkdown } from '../course-format/markdown/index.ts'
import type { Db } from '../db/create-db.ts'
import { type Actor, hasRole } from '../http/auth.ts'
import { Problem } from '../http/problem.ts'
import type { PracticeRow } from './queries.ts'
import type { GoodPractice } from './schemas.ts'

export const noSuchPractice = () => Problem.notFound('No such good practice.')

/**
 * Who moderates a practice: admins; for the written alternative of a course's webinar, the
 * trainers of that course; for a practice outside a course, any trainer. Never its author.
 */
export async function moderates(db: Db, actor: Actor | null, row: PracticeRow): Promise<boolean> {
  if (!actor || row.authorId === actor.id) return false
  if (hasRole(actor, 'admin')) return true
  if (!hasRole(actor, 'trainer')) return false
  if (!row.courseId) return true
  return assertCanTeach(db, actor, row.courseId).then(
    () => true,
    (error: unknown) => {
      if (error instanceof Problem && error.status === 403) return false
      throw error
    },
  )
}

export interface Reach {
  author: boolean
  moderator: boolean
}

/**
 * How the actor reaches a practice: its author and moderators always; an approved practice any
 * signed-in person, and anyone once it is also public. To everyone else it does not exist (404).
 */
export async function reachPractice(
  db: Db,
  actor: Actor | null,
  row: PracticeRow | undefined,
): Promise<{ row: PracticeRow; reach: Reach }> {
  if (!row) throw noSuchPractice()
  const author = actor !== null && row.authorId === actor.id
  const moderator = await moderates(db, actor, row)
  const readable = row.status === 'approved' && (actor !== null || row.public)
  if (!author && !moderator && !readable) throw noSuchPractice()
  return { row, reach: { author, moderator } }
}

const iso = (value: Date | string) => new Date(value).toISOString()

/** The practice as the API shows it; author, enrolment and review only to its author and moderators. */
export function viewPractice(row: PracticeRow, reach: Reach): GoodPractice {
  const inner = reach.author || reach.moderator
  return {
    id: row.id,
    title: row.title,
    countryCode: row.countryCode,
    countryName: row.countryName,
    municipalityId: row.municipalityId,
    municipalityName: row.municipalityName,
    area: row.area,
    problem: row.problem,
    actions: row.actions,
    results: row.results,
    contactRole: row.contactRole,
    body: row.body,
    bodyHtml: renderMarkdown(row.body),
    language: row.language,
    public: row.public,
    status: row.status,
    reviewComment: inner ? row.reviewComment : null,
    revision: row.revision,
    submittedAt: iso(row.submittedAt),
    approvedAt: row.approvedAt ? iso(row.approvedAt) : null,
    course: courseOf(row),
    enrolmentId: inner ? row.enrolmentId : null,
    step: row.step,
    author:
      inner && row.authorId && !row.authorErasedAt
        ? { id: row.authorId, name: row.authorName ?? '' }
        : null,
    mayEdit: reach.author && row.status !== 'approved',
    mayReview: reach.moderator && row.status === 'submitted',
  }
}

export function courseOf(row: PracticeRow): { slug: string; title: string } | null {
  if (!row.courseSlug || !row.courseTitles) return null
  return {
    slug: row.courseSlug,
    title: localise(row.courseTitles, row.language, row.courseLanguages ?? []).title,
  }
}

const entities: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
}

/**
 * The body as plain text, for snippets: rendered with the same inert rules, then the tags the
 * renderer made are dropped (it escapes every '<' of the source, so each tag is its own).
 */
export function plainBody(markdown: string): string {
  return renderMarkdown(markdown)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity] ?? entity)
}
