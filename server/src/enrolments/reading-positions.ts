import { requireCourseVersion } from '../courses/service.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { upsertReadingPosition } from './queries.ts'
import { visibleEnrolment } from './views.ts'

/** Remembers where the learner is in a module (a heading id); the learner's own only. */
export async function saveReadingPosition(
  ctx: ServiceContext,
  id: string,
  step: string,
  anchor: string,
): Promise<void> {
  const { db, actor } = ctx
  const { row, access } = await visibleEnrolment(db, actor, id)
  if (access !== 'learner') throw Problem.forbidden('Only the learner has a reading position.')
  const version = await requireCourseVersion(db, row.courseVersionId)
  if (!version.steps.some((candidate) => candidate.slug === step && candidate.kind === 'module'))
    throw Problem.notFound('No such module in this course.')
  await upsertReadingPosition(db, id, step, anchor)
}
