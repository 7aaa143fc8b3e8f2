import type { Transaction } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import { assertCanTeach } from '../courses/trainers.ts'
import type { Db } from '../db/create-db.ts'
import type { Database, EnrolmentStatus } from '../db/schema.ts'
import type { Actor } from '../http/auth.ts'
import { idempotencyKey, type Outcome, withReplay } from '../http/idempotency.ts'
import type { Page } from '../http/pagination.ts'
import { Problem } from '../http/problem.ts'
import {
  applyEvent,
  describeProgress,
  initialProgress,
  learnerEventTypes,
  type PersistedProgress,
  type ProgressionEvent,
} from '../progression/index.ts'
import { assertTeaches, enrolmentAccess, type EnrolmentAccess } from './access.ts'
import type { ProgressionBus, ProgressionTransition } from './bus.ts'
import { type CourseVersion, loadCourseVersion, loadStepDocument } from './course-versions.ts'
import {
  countEnrolmentsOfCourse,
  type EnrolmentRow,
  findCourseIdBySlug,
  findEnrolment,
  findLiveEnrolment,
  commitProgression,
  findReadingPositions,
  findVersion,
  type ProgressionCommit,
  listEnrolmentsOfCourse,
  listEnrolmentsOfUser,
  listProgressionEvents,
  type LockedEnrolment,
  lockEnrolment,
  upsertReadingPosition,
} from './queries.ts'
import { forgetReadingAccess } from './reading.ts'
import type {
  CourseEnrolment,
  EnrolBody,
  Enrolment,
  EnrolmentDetail,
  EventBody,
  ListCourseEnrolmentsQuery,
} from './schemas.ts'

export { ProgressionBus, type ProgressionTransition } from './bus.ts'
export {
  loadCourseVersion,
  loadStepDocument,
  type CourseVersion,
  type StepDocument,
} from './course-versions.ts'
export { enrolmentAccess, assertTeaches, type EnrolmentAccess } from './access.ts'
export { commitProgression } from './queries.ts'

/** What learning services need beyond a query: the app itself satisfies it. */
export interface LearningDeps {
  db: Db
  progressionBus: ProgressionBus
}

type Viewable = Pick<
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

async function requireVersion(db: Db, versionId: string): Promise<CourseVersion> {
  const version = await loadCourseVersion(db, versionId)
  if (!version) throw new Error(`course version ${versionId} is missing`)
  return version
}

/** The enrolment as the API shows it: progress from the shared machine, step titles in its language. */
export async function viewEnrolment(
  db: Db | Transaction<Database>,
  row: Viewable,
): Promise<Enrolment> {
  const version = await requireVersion(db as Db, row.courseVersionId)
  const progress = row.progress as PersistedProgress
  const summary = describeProgress(version.steps, version.rules, progress)
  const documents = await Promise.all(
    version.steps.map((step) =>
      step.kind === 'webinar'
        ? null
        : loadStepDocument(db as Db, version.id, row.language, step.slug),
    ),
  )
  const positions =
    row.readingPositions ??
    Object.fromEntries(
      (await findReadingPositions(db as Db, row.id)).map((position) => [
        position.step,
        position.anchor,
      ]),
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
      steps: summary.steps.map((step, index) => ({
        ...step,
        title: documents[index]?.title ?? '',
        minutes: documents[index]?.minutes ?? null,
        alternative:
          version.steps[index]!.kind === 'webinar'
            ? (version.steps[index] as { alternative: 'good-practice' | null }).alternative
            : null,
      })),
    },
    quiz: version.rules,
    readingPositions: positions,
    withdrawnReason: row.withdrawnReason,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
  }
}

function pickLanguage(
  version: CourseVersion,
  wanted: string | undefined,
  preferred: string | undefined,
): string {
  if (wanted) {
    if (!version.languages.includes(wanted)) {
      throw Problem.validation([
        {
          pointer: '/body/language',
          reason: 'not-allowed',
          detail: `the course is in ${version.languages.join(', ')}`,
        },
      ])
    }
    return wanted
  }
  return (
    [preferred, 'en'].find((tag) => tag && version.languages.includes(tag)) ?? version.languages[0]!
  )
}

async function publishedVersion(db: Db, slug: string) {
  const course = await db
    .selectFrom('courses')
    .select(['id', 'currentVersionId'])
    .where('slug', '=', slug)
    .executeTakeFirst()
  if (!course?.currentVersionId) throw Problem.notFound('No such published course.')
  return requireVersion(db, course.currentVersionId)
}

interface NewEnrolment {
  userId: string
  version: CourseVersion
  language: string
  clusterId: string | null
  enrolledBy: string | null
}

async function insertEnrolment(
  db: Db | Transaction<Database>,
  input: NewEnrolment,
): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insertInto('enrolments')
    .values({
      userId: input.userId,
      courseId: input.version.courseId,
      courseVersionId: input.version.id,
      language: input.language,
      clusterId: input.clusterId,
      enrolledBy: input.enrolledBy,
      progress: JSON.stringify(initialProgress(input.version.machine)),
    })
    .onConflict((oc) =>
      oc.columns(['userId', 'courseId']).where('status', '<>', 'withdrawn').doNothing(),
    )
    .returning('id')
    .executeTakeFirst()
  if (inserted) return { id: inserted.id, created: true }
  const live = await findLiveEnrolment(db as Db, input.userId, input.version.courseId)
  return { id: live!.id, created: false }
}

/** Self-enrolment in a published course, pinned to its current version; enrolling twice returns the live one. */
export async function enrol(
  db: Db,
  actor: Actor,
  body: EnrolBody,
): Promise<{ created: boolean; enrolment: Enrolment }> {
  const version = await publishedVersion(db, body.courseSlug)
  const user = body.language
    ? undefined
    : await db
        .selectFrom('users')
        .select('preferredLanguage')
        .where('id', '=', actor.id)
        .executeTakeFirst()
  const language = pickLanguage(version, body.language, user?.preferredLanguage)
  const { id, created } = await insertEnrolment(db, {
    userId: actor.id,
    version,
    language,
    clusterId: null,
    enrolledBy: actor.id,
  })
  return { created, enrolment: await getEnrolment(db, actor, id) }
}

/** Enrolment made by a learning cluster (coordinators); joins the transaction of the cluster change. */
export async function enrolThroughCluster(
  trx: Transaction<Database>,
  input: {
    userId: string
    courseSlug: string
    clusterId: string
    language?: string
    enrolledBy: string
  },
): Promise<{ id: string; created: boolean }> {
  const version = await publishedVersion(trx as unknown as Db, input.courseSlug)
  const language = pickLanguage(version, input.language, undefined)
  return insertEnrolment(trx, {
    userId: input.userId,
    version,
    language,
    clusterId: input.clusterId,
    enrolledBy: input.enrolledBy,
  })
}

async function visibleEnrolment(
  db: Db,
  actor: Actor,
  id: string,
): Promise<{ row: EnrolmentRow; access: EnrolmentAccess }> {
  const row = await findEnrolment(db, id)
  if (!row) throw Problem.notFound('No such enrolment.')
  return { row, access: await enrolmentAccess(db, actor, row) }
}

export async function getEnrolment(db: Db, actor: Actor, id: string): Promise<Enrolment> {
  const { row } = await visibleEnrolment(db, actor, id)
  return viewEnrolment(db, row)
}

/** One enrolment with its learner named, for the learner and whoever may look after them. */
export async function getEnrolmentDetail(
  db: Db,
  actor: Actor,
  id: string,
): Promise<EnrolmentDetail> {
  const { row } = await visibleEnrolment(db, actor, id)
  return {
    ...(await viewEnrolment(db, row)),
    learner: { id: row.userId, name: row.learnerName, email: row.learnerEmail },
  }
}

/** A course's enrolments, a page at a time, for trainers of the course and admins only. */
export async function listCourseEnrolments(
  db: Db,
  actor: Actor,
  slug: string,
  query: ListCourseEnrolmentsQuery,
): Promise<Page<CourseEnrolment>> {
  const course = await findCourseIdBySlug(db, slug)
  if (!course) throw Problem.notFound('No such course.')
  await assertCanTeach(db, actor, course.id)
  const rows = await listEnrolmentsOfCourse(db, course.id, query)
  // Past the last page there is no row to carry the total, so it is counted on its own.
  const total = rows[0]
    ? Number(rows[0].total)
    : query.offset > 0
      ? await countEnrolmentsOfCourse(db, course.id, query.status)
      : 0
  const items = await Promise.all(
    rows.map(async (row): Promise<CourseEnrolment> => {
      const version = await requireVersion(db, row.courseVersionId)
      const summary = describeProgress(
        version.steps,
        version.rules,
        row.progress as PersistedProgress,
      )
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
    }),
  )
  return { items, total, limit: query.limit, offset: query.offset }
}

export async function listMyEnrolments(
  db: Db,
  actor: Actor,
  courseSlug?: string,
): Promise<Enrolment[]> {
  const rows = await listEnrolmentsOfUser(db, actor.id, courseSlug)
  return Promise.all(rows.map((row) => viewEnrolment(db, row)))
}

/** Switching language keeps progress: the steps and quizzes of a version are the same in every language. */
export async function changeLanguage(
  db: Db,
  actor: Actor,
  id: string,
  language: string,
): Promise<Enrolment> {
  const { row, access } = await visibleEnrolment(db, actor, id)
  if (access !== 'learner' && access !== 'admin')
    throw Problem.forbidden('Only the learner can change the language of an enrolment.')
  const version = await requireVersion(db, row.courseVersionId)
  pickLanguage(version, language, undefined)
  await db
    .updateTable('enrolments')
    .set({ language, updatedAt: new Date() })
    .where('id', '=', id)
    .execute()
  forgetReadingAccess(id)
  return viewEnrolment(db, { ...row, language })
}

/** Withdrawal by the learner, or by a coordinator or admin for them; the reason is kept and audited. */
export async function withdraw(
  db: Db,
  actor: Actor,
  id: string,
  reason: string,
  ip: string,
): Promise<Enrolment> {
  const { row, access } = await visibleEnrolment(db, actor, id)
  if (access === 'trainer')
    throw Problem.forbidden('Trainers cannot withdraw learners; a coordinator can.')
  const enrolment = await db.transaction().execute(async (trx) => {
    const locked = await lockEnrolment(trx, id)
    if (!locked || locked.status === 'withdrawn')
      throw new Problem(
        409,
        'conflict',
        'Already withdrawn',
        'This enrolment was already withdrawn.',
      )
    const withdrawnAt = new Date()
    await trx
      .updateTable('enrolments')
      .set({ status: 'withdrawn', withdrawnReason: reason, withdrawnAt, updatedAt: withdrawnAt })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx as unknown as Db, {
      action: 'enrolment.withdrawn',
      actorId: actor.id,
      subject: row.userId,
      ip,
      details: { enrolmentId: id, reason },
    })
    return viewEnrolment(trx, { ...locked, status: 'withdrawn', withdrawnReason: reason })
  })
  // This replica stops serving reads at once; others within their access cache's few seconds.
  forgetReadingAccess(id)
  return enrolment
}

function refused(event: ProgressionEvent, progress: PersistedProgress): Problem {
  const [current, phase] =
    typeof progress.value === 'string'
      ? [progress.value, null]
      : (Object.entries(progress.value)[0] ?? [null, null])
  if (phase === 'locked') {
    return new Problem(
      409,
      'step-locked',
      'Step locked',
      `No quiz attempts are left for ${current}; a trainer can grant another one.`,
      { current, phase },
    )
  }
  const where = phase ? `${current} (${phase})` : String(current)
  return new Problem(
    409,
    'event-refused',
    'Not possible now',
    `${event.type} is not possible at this point of the course: the learner is at ${where}.`,
    { current, phase },
  )
}

type ProgressRow = Omit<LockedEnrolment, 'readingPositions'> & {
  readingPositions?: Record<string, string> | null
}

/**
 * Runs one event through the course version's machine and prepares everything it changes: the
 * next row, the commit for commitProgression and the transition to announce. Throws when the
 * machine refuses the event. Writes nothing.
 */
export async function prepareEvent<R extends ProgressRow>(
  db: Db | Transaction<Database>,
  row: R,
  event: ProgressionEvent,
  actorId: string | null,
  extra: Record<string, unknown> = {},
): Promise<{ next: R; commit: ProgressionCommit; transition: ProgressionTransition }> {
  if (row.status === 'withdrawn')
    throw new Problem(
      409,
      'event-refused',
      'Enrolment withdrawn',
      'This enrolment was withdrawn; enrol again to continue.',
    )
  const version = await requireVersion(db as Db, row.courseVersionId)
  const before = row.progress as PersistedProgress
  const after = applyEvent(version.machine, before, event)
  if (!after) throw refused(event, before)
  const sequence = row.version + 1
  const { type, ...fields } = event
  const at = new Date()
  const finished = after.value === 'completed' || after.value === 'certified'
  const status: EnrolmentStatus = finished ? 'completed' : row.status
  const completedAt = finished ? (row.completedAt ?? at) : null
  return {
    next: { ...row, progress: after, version: sequence, status, completedAt },
    commit: {
      enrolmentId: row.id,
      expectedVersion: row.version,
      sequence,
      type,
      payload: { ...fields, ...extra },
      actorId,
      at,
      progress: after,
      status,
      completedAt,
    },
    transition: {
      enrolmentId: row.id,
      userId: row.userId,
      courseId: row.courseId,
      courseVersionId: row.courseVersionId,
      sequence,
      event,
      actorId,
      before: before.value,
      after: after.value,
      at,
    },
  }
}

/** Applies one event to an enrolment the caller has locked in its transaction. */
export async function appendEvent(
  trx: Transaction<Database>,
  row: LockedEnrolment,
  event: ProgressionEvent,
  actorId: string | null,
  extra: Record<string, unknown> = {},
): Promise<{ row: LockedEnrolment; transition: ProgressionTransition }> {
  const { next, commit, transition } = await prepareEvent(trx, row, event, actorId, extra)
  if (!(await commitProgression(trx, commit)))
    throw new Error(`enrolment ${row.id} changed under its lock`)
  return { row: next, transition }
}

/** Locks the enrolment for a change, rejecting a stale expected version with 409. */
export async function lockForChange(
  trx: Transaction<Database>,
  id: string,
  expectedVersion?: number,
): Promise<LockedEnrolment> {
  const row = await lockEnrolment(trx, id)
  if (!row) throw Problem.notFound('No such enrolment.')
  if (expectedVersion !== undefined && row.version !== expectedVersion)
    throw stale(row.version, expectedVersion)
  return row
}

function stale(current: number | undefined, expected: number): Problem {
  return new Problem(
    409,
    'stale-version',
    'Stale version',
    `The enrolment is at version ${current}, not ${expected}; reload and try again.`,
    {
      currentVersion: current,
    },
  )
}

function eventFrom(body: EventBody): ProgressionEvent {
  return { type: body.type, step: body.step } as ProgressionEvent
}

/**
 * The events endpoint: the learner's own steps, or a trainer's grant and attendance, checked by
 * the machine and written in one statement that applies only at the expected version.
 */
export async function sendEvent(
  deps: LearningDeps,
  actor: Actor,
  id: string,
  body: EventBody,
  key: string | undefined,
  ip: string,
): Promise<Outcome<Enrolment>> {
  const { row, access } = await visibleEnrolment(deps.db, actor, id)
  if ((learnerEventTypes as readonly string[]).includes(body.type)) {
    if (access !== 'learner') throw Problem.forbidden('Only the learner can send this event.')
    if (body.answers && body.type !== 'survey.submitted') {
      throw Problem.validation([
        {
          pointer: '/body/answers',
          reason: 'not-allowed',
          detail: 'answers go with survey.submitted only',
        },
      ])
    }
  } else assertTeaches(access)
  const idempotency = idempotencyKey({
    userId: actor.id,
    scope: `enrolment-event:${id}`,
    key,
    body,
  })
  return withReplay(deps.db, idempotency, async () => {
    if (row.version !== body.expectedVersion) throw stale(row.version, body.expectedVersion)
    const extra = {
      ...(body.answers ? { answers: body.answers } : {}),
      ...(body.reason ? { reason: body.reason } : {}),
    }
    const { next, commit, transition } = await prepareEvent(
      deps.db,
      row,
      eventFrom(body),
      actor.id,
      extra,
    )
    const view = await viewEnrolment(deps.db, next)
    const audit =
      body.type === 'attempt.granted'
        ? {
            action: 'attempt.granted',
            actorId: actor.id,
            subject: row.userId,
            ip,
            details: { enrolmentId: id, step: body.step, reason: body.reason ?? null },
          }
        : undefined
    const applied = await commitProgression(deps.db, {
      ...commit,
      ...(idempotency ? { idempotency: { ...idempotency, statusCode: 200, response: view } } : {}),
      ...(audit ? { audit } : {}),
    })
    if (!applied) throw stale(await findVersion(deps.db, id), body.expectedVersion)
    await deps.progressionBus.publish([transition])
    return { status: 200, body: view, replayed: false }
  })
}

export async function saveReadingPosition(
  db: Db,
  actor: Actor,
  id: string,
  step: string,
  anchor: string,
): Promise<void> {
  const { row, access } = await visibleEnrolment(db, actor, id)
  if (access !== 'learner') throw Problem.forbidden('Only the learner has a reading position.')
  const version = await requireVersion(db, row.courseVersionId)
  if (!version.steps.some((candidate) => candidate.slug === step && candidate.kind === 'module'))
    throw Problem.notFound('No such module in this course.')
  await upsertReadingPosition(db, id, step, anchor)
}

/** The event log of an enrolment, for its trainers, coordinators and admins (and the learner). */
export async function listEvents(db: Db, actor: Actor, id: string) {
  const { access } = await visibleEnrolment(db, actor, id)
  const rows = await listProgressionEvents(db, id)
  return rows.map((event) => ({
    sequence: event.sequence,
    type: event.type,
    step: typeof event.payload.step === 'string' ? event.payload.step : null,
    // Evaluation answers are the learner's own; others read them, unnamed, in the survey reports.
    payload: access === 'learner' ? event.payload : withoutAnswers(event.payload),
    actor: event.actorId ? { id: event.actorId, name: event.actorName ?? '' } : null,
    at: event.at.toISOString(),
  }))
}

function withoutAnswers(payload: Record<string, unknown>): Record<string, unknown> {
  const { answers: _answers, ...rest } = payload
  return rest
}
