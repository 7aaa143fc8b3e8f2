import {
  assertCanTeach,
  courseIdOf,
  loadStepDocument,
  requireCourseVersion,
} from '../courses/service.ts'
import type { Db } from '../db/create-db.ts'
import type { ServiceContext } from '../http/context.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { Problem } from '../http/problem.ts'
import { describeProgress } from '../progression/index.ts'
import { enrolmentAccess, type EnrolmentAccess } from './access.ts'
import {
  type EnrolmentRow,
  findEnrolment,
  findReadingPositions,
  listEnrolmentsOfCourse,
  listEnrolmentsOfUser,
  listProgressionEvents,
  type LockedEnrolment,
} from './queries.ts'
import type {
  CourseEnrolment,
  Enrolment,
  EnrolmentCertificate,
  EnrolmentDetail,
  MyEnrolment,
  ListCourseEnrolmentsQuery,
  ProgressionEventRecord,
} from './schemas.ts'

export type Viewable = Pick<
  LockedEnrolment,
  | 'id'
  | 'userId'
  | 'courseVersionId'
  | 'language'
  | 'clusterId'
  | 'status'
  | 'progress'
  | 'version'
  | 'withdrawnReason'
  | 'createdAt'
  | 'completedAt'
> & {
  readingPositions?: Record<string, string> | null
}

/** The enrolment as the API shows it: progress from the shared machine, step titles in its language. */
export async function viewEnrolment(db: Db, row: Viewable): Promise<Enrolment> {
  const version = await requireCourseVersion(db, row.courseVersionId)
  const progress = row.progress
  const summary = describeProgress(version.steps, version.rules, progress)
  const documents = await Promise.all(
    version.steps.map((step) =>
      step.kind === 'webinar' ? null : loadStepDocument(db, version.id, row.language, step.slug),
    ),
  )
  const positions =
    row.readingPositions ??
    Object.fromEntries(
      (await findReadingPositions(db, row.id)).map((position) => [position.step, position.anchor]),
    )
  return {
    id: row.id,
    userId: row.userId,
    course: {
      slug: version.slug,
      title: version.titles[row.language] ?? version.titles.en ?? version.slug,
      version: version.number,
      languages: version.languages,
    },
    language: row.language,
    status: row.status,
    clusterId: row.clusterId,
    version: row.version,
    state: progress,
    progress: {
      ...summary,
      steps: summary.steps.map((step, index) => {
        const source = version.steps[index]!
        return {
          ...step,
          title: documents[index]?.title ?? '',
          minutes: documents[index]?.minutes ?? null,
          alternative: source.kind === 'webinar' ? source.alternative : null,
        }
      }),
    },
    quiz: version.rules,
    readingPositions: positions,
    withdrawnReason: row.withdrawnReason,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
  }
}

/** The enrolment and how the actor relates to it; 404 for those who may not see it. */
export async function visibleEnrolment(
  db: Db,
  actor: ServiceContext['actor'],
  id: string,
): Promise<{ row: EnrolmentRow; access: EnrolmentAccess }> {
  const row = await findEnrolment(db, id)
  if (!row) throw Problem.notFound('No such enrolment.')
  return { row, access: await enrolmentAccess(db, actor, row) }
}

export async function getEnrolment(ctx: ServiceContext, id: string): Promise<Enrolment> {
  const { row } = await visibleEnrolment(ctx.db, ctx.actor, id)
  return viewEnrolment(ctx.db, row)
}

/** One enrolment with its learner named, for the learner and whoever may look after them. */
export async function getEnrolmentDetail(
  ctx: ServiceContext,
  id: string,
): Promise<EnrolmentDetail> {
  const { row } = await visibleEnrolment(ctx.db, ctx.actor, id)
  return {
    ...(await viewEnrolment(ctx.db, row)),
    learner: { id: row.userId, name: row.learnerName, email: row.learnerEmail },
  }
}

/** A course's enrolments, a page at a time, for trainers of the course and admins only. */
export async function listCourseEnrolments(
  ctx: ServiceContext,
  slug: string,
  query: ListCourseEnrolmentsQuery,
): Promise<Page<CourseEnrolment>> {
  const { db } = ctx
  const courseId = await courseIdOf(db, slug)
  if (!courseId) throw Problem.notFound('No such course.')
  await assertCanTeach(db, ctx.actor, courseId)
  return pageOf(
    query,
    (window) => listEnrolmentsOfCourse(db, courseId, { status: query.status, ...window }),
    async (row): Promise<CourseEnrolment> => {
      const version = await requireCourseVersion(db, row.courseVersionId)
      const summary = describeProgress(version.steps, version.rules, row.progress)
      return {
        id: row.id,
        learner: { id: row.userId, name: row.learnerName, email: row.learnerEmail },
        language: row.language,
        status: row.status,
        version: row.version,
        current: summary.current,
        phase: summary.steps.find((step) => step.status === 'current')?.phase ?? null,
        ratio: summary.ratio,
        createdAt: new Date(row.createdAt).toISOString(),
        updatedAt: new Date(row.updatedAt).toISOString(),
      }
    },
  )
}

/**
 * Finds the certificates of completed enrolments: certificates hands its lookup to enrolments'
 * routes at start (app.ts), as features hand identity their personal data, since certificates
 * imports enrolments and the reverse import would be a cycle.
 */
export type CertificateLookup = (
  db: Db,
  enrolmentIds: readonly string[],
) => Promise<Map<string, EnrolmentCertificate>>

/**
 * The actor's own live enrolments, completed ones included, newest first; `courseSlug` narrows
 * to one course. Each completed one carries its certificate (null until issued).
 */
export async function listMyEnrolments(
  ctx: ServiceContext,
  courseSlug?: string,
  certificatesOf?: CertificateLookup,
): Promise<MyEnrolment[]> {
  const { db, actor } = ctx
  let courseId: string | undefined
  if (courseSlug) {
    courseId = await courseIdOf(db, courseSlug)
    if (!courseId) return []
  }
  const rows = await listEnrolmentsOfUser(db, actor.id, courseId)
  const completed = rows.filter((row) => row.status === 'completed').map((row) => row.id)
  const certificates =
    certificatesOf && completed.length > 0 ? await certificatesOf(db, completed) : new Map()
  return Promise.all(
    rows.map(async (row) => ({
      ...(await viewEnrolment(db, row)),
      certificate: certificates.get(row.id) ?? null,
    })),
  )
}

/** The event log of an enrolment, for its trainers, coordinators and admins (and the learner). */
export async function listEvents(
  ctx: ServiceContext,
  id: string,
): Promise<ProgressionEventRecord[]> {
  await visibleEnrolment(ctx.db, ctx.actor, id)
  const rows = await listProgressionEvents(ctx.db, id)
  return rows.map((event) => ({
    sequence: event.sequence,
    type: event.type,
    step: typeof event.payload.step === 'string' ? event.payload.step : null,
    // An evaluation's answers are not in the log: surveys keeps them, without the learner.
    payload: event.payload,
    actor: event.actorId ? { id: event.actorId, name: event.actorName ?? '' } : null,
    at: event.at.toISOString(),
  }))
}
