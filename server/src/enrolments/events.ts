import type { Transaction } from 'kysely'
import { randomUUID } from 'node:crypto'
import { type CourseVersion, loadStepDocument, requireCourseVersion } from '../courses/service.ts'
import type { Db } from '../db/create-db.ts'
import type { Database, EnrolmentStatus } from '../db/schema.ts'
import type { ServiceContext } from '../http/context.ts'
import { idempotencyKey, type Outcome, withReplay } from '../http/idempotency.ts'
import { Problem } from '../http/problem.ts'
import {
  applyEvent,
  gateEventTypes,
  hasPassed,
  learnerEventTypes,
  type PersistedProgress,
  type ProgressionEvent,
  standingOf,
} from '../progression/index.ts'
import { assertTeaches } from './access.ts'
import type { ProgressionBus, ProgressionTransition } from './bus.ts'
import {
  notDirectProblem,
  refusedProblem,
  staleVersionProblem,
  withdrawnProblem,
} from './problems.ts'
import {
  commitProgression,
  findVersion,
  type LockedEnrolment,
  lockEnrolment,
  type ProgressionCommit,
} from './queries.ts'
import type { Enrolment, EventBody } from './schemas.ts'
import { prepareSurveyResponse, storeSurveyResponse } from '../surveys/service.ts'
import { statementFor, statementOriginOf } from '../xapi/service.ts'
import { viewEnrolment, visibleEnrolment } from './views.ts'

export type ProgressRow = Omit<LockedEnrolment, 'readingPositions'> & {
  readingPositions?: Record<string, string> | null
}

/**
 * Runs one event through the course version's machine and prepares everything it changes: the
 * next row, the commit for commitProgression and the transition to announce. Throws when the
 * machine refuses the event. Writes nothing.
 */
export async function prepareEvent<R extends ProgressRow>(
  db: Db,
  row: R,
  event: ProgressionEvent,
  actorId: string | null,
  extra: Record<string, unknown> = {},
): Promise<{ next: R; commit: ProgressionCommit; transition: ProgressionTransition }> {
  if (row.status === 'withdrawn') throw withdrawnProblem()
  const version = await requireCourseVersion(db, row.courseVersionId)
  const before = row.progress
  const after = applyEvent(version.machine, before, event)
  if (!after) throw refusedProblem(event, standingOf(before))
  const sequence = row.version + 1
  const { type, ...fields } = event
  const at = new Date()
  const finished = standingOf(after).finished
  const status: EnrolmentStatus = finished ? 'completed' : row.status
  const completedAt = finished ? (row.completedAt ?? at) : null
  const statement = await statementOf(db, version, row, event, after, actorId, sequence, at)
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
      statement: { id: statement.id, userId: row.userId, body: statement },
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

/**
 * The event's xAPI statement, from what the engine already holds: the cached course version (slug,
 * number, titles, steps) and the step's cached document for its title (no document: a webinar).
 */
async function statementOf(
  db: Db,
  version: CourseVersion,
  row: ProgressRow,
  event: ProgressionEvent,
  after: PersistedProgress,
  actorId: string | null,
  sequence: number,
  at: Date,
) {
  const stepSlug = 'step' in event ? event.step : undefined
  const kind = version.steps.find((step) => step.slug === stepSlug)?.kind
  const document =
    stepSlug && kind && kind !== 'webinar'
      ? await loadStepDocument(db, version.id, row.language, stepSlug)
      : null
  return statementFor({
    id: randomUUID(),
    origin: statementOriginOf(),
    userId: row.userId,
    actorId,
    enrolmentId: row.id,
    language: row.language,
    course: { slug: version.slug, version: version.number, titles: version.titles },
    ...(kind ? { step: { kind, ...(document ? { title: document.title } : {}) } } : {}),
    event,
    ...(event.type === 'quiz.submitted' ? { passed: hasPassed(after, event.step) } : {}),
    sequence,
    at,
  })
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
    throw staleVersionProblem(row.version, expectedVersion)
  return row
}

function eventFrom(body: EventBody): ProgressionEvent {
  // Every event type of the endpoint carries a step and nothing else the machine reads.
  return { type: body.type, step: body.step }
}

/**
 * The events endpoint: the learner's own steps, or a trainer's grant, checked by the machine and
 * written in one statement that applies only at the expected version. The webinar gate's events
 * come only from sessions, attendance and good practices (through appendEvent).
 */
export async function sendEvent(
  ctx: ServiceContext,
  bus: ProgressionBus,
  id: string,
  body: EventBody,
  key: string | undefined,
): Promise<Outcome<Enrolment>> {
  const { db, actor, ip } = ctx
  const { row, access } = await visibleEnrolment(db, actor, id)
  if ((gateEventTypes as readonly string[]).includes(body.type)) throw notDirectProblem(body.type)
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
  const survey = body.type === 'survey.submitted'
  // The receipt's fingerprint leaves an evaluation's answers out: kept beside the learner's id, a
  // hash of them would let anyone reading the table confirm a guessed rating. So a retry with the
  // key and other answers gets the first answer, which is what the learner submitted.
  const { answers, ...fingerprinted } = body
  const idempotency = idempotencyKey({
    userId: actor.id,
    scope: `enrolment-event:${id}`,
    key,
    body: survey ? fingerprinted : body,
  })
  return withReplay(db, idempotency, async () => {
    if (row.version !== body.expectedVersion)
      throw staleVersionProblem(row.version, body.expectedVersion)
    // An evaluation's answers never enter the log: surveys stores them apart, without the learner.
    const extra = body.reason ? { reason: body.reason } : {}
    const { next, commit, transition } = await prepareEvent(
      db,
      row,
      eventFrom(body),
      actor.id,
      extra,
    )
    const response = survey
      ? await prepareSurveyResponse(db, row, body.step, answers ?? {}, commit.at)
      : null
    const view = await viewEnrolment(db, next)
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
    const progression = {
      ...commit,
      ...(idempotency ? { idempotency: { ...idempotency, statusCode: 200, response: view } } : {}),
      ...(audit ? { audit } : {}),
    }
    // A survey's response is stored in the transaction of the event: both or neither.
    const applied = response
      ? await db.transaction().execute(async (trx) => {
          if (!(await commitProgression(trx, progression))) return false
          await storeSurveyResponse(trx, response)
          return true
        })
      : await commitProgression(db, progression)
    if (!applied) throw staleVersionProblem(await findVersion(db, id), body.expectedVersion)
    await bus.publish([transition])
    return { status: 200, body: view, replayed: false }
  })
}
