// Learners and sessions: what an enrolment may register for, registering and moving (the
// `webinar.registered` event when the gate is open), leaving, and "my webinars".
import { requireCourseVersion } from '../courses/service.ts'
import type { Db } from '../db/create-db.ts'
import {
  appendEvent,
  listMyEnrolments,
  lockForChange,
  ownEnrolment,
  type ProgressionBus,
  type ProgressionTransition,
} from '../enrolments/service.ts'
import type { Actor } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { idempotencyKey, type Outcome, rememberAnswer, withReplay } from '../http/idempotency.ts'
import { Problem } from '../http/problem.ts'
import { type PersistedProgress, standingOf, type StepPhase } from '../progression/index.ts'
import { isSessionStaff, noSuchSession } from './access.ts'
import type { CalendarSettings } from './calendar.ts'
import { mailAttendee } from './invitations.ts'
import {
  cancelRegistration,
  countRegistered,
  findPerson,
  findRegistration,
  findSession,
  findStepRegistration,
  listOfferedSessions,
  listSessionsOfPerson,
  lockSession,
  type SessionRow,
  upsertRegistration,
} from './queries.ts'
import type {
  EnrolmentWebinars,
  MyWebinars,
  RegistrationAnswer,
  RegistrationBody,
  WebinarView,
} from './schemas.ts'
import { endOf, hasStarted, viewOffer, viewSession } from './views.ts'

/** Self check-in opens this long before the start (attendance's window) and closes at the end. */
const checkInOpensMs = 15 * 60_000

/** Where the enrolment's gate at a step stands: the current phase, the outcome, or null. */
function gateOf(progress: PersistedProgress, step: string): StepPhase | null {
  const { current, phase } = standingOf(progress)
  if (current === step) return phase
  return progress.context.outcomes[step] ?? null
}

function closedProblem(what: string): Problem {
  return new Problem(409, 'conflict', 'Session closed', what, {
    errors: [{ pointer: '/body/sessionId', reason: 'not-allowed', detail: what }],
  })
}

function fullProblem(): Problem {
  return new Problem(409, 'conflict', 'Session full', 'Every seat of this session is taken.', {
    errors: [{ pointer: '/body/sessionId', reason: 'conflict', detail: 'the session is full' }],
  })
}

async function webinarStepOf(db: Db, courseVersionId: string, step: string, pointer: string) {
  const version = await requireCourseVersion(db, courseVersionId)
  const found = version.steps.find((s) => s.slug === step)
  if (found?.kind !== 'webinar')
    throw Problem.validation([
      { pointer, reason: 'unknown-reference', detail: 'is not a webinar step of the course' },
    ])
}

/** Whether a session is one this enrolment may register for (its course and step, open or its cluster). */
function offeredTo(
  row: SessionRow,
  enrolment: { courseId: string; clusterId: string | null },
  step: string,
): boolean {
  return (
    row.courseId === enrolment.courseId &&
    row.step === step &&
    (row.clusterId === null || row.clusterId === enrolment.clusterId)
  )
}

/** The learner's language first, then by start. */
function byLanguageThenStart(language: string) {
  return (a: SessionRow, b: SessionRow) =>
    Number(b.language === language) - Number(a.language === language) ||
    new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime()
}

/** The sessions an enrolment's learner may register for at a webinar step, and the one they chose. */
export async function enrolmentWebinars(
  ctx: ServiceContext,
  enrolmentId: string,
  step: string | undefined,
  now: Date,
): Promise<EnrolmentWebinars> {
  const enrolment = await ownEnrolment(ctx.db, ctx.actor, enrolmentId)
  const version = await requireCourseVersion(ctx.db, enrolment.courseVersionId)
  const slug =
    step ??
    standingOf(enrolment.progress).current ??
    version.steps.find((s) => s.kind === 'webinar')?.slug
  if (!slug) throw Problem.notFound('This course has no webinar step.')
  await webinarStepOf(ctx.db, enrolment.courseVersionId, slug, '/querystring/step')
  const rows = await listOfferedSessions(ctx.db, {
    courseId: enrolment.courseId,
    step: slug,
    clusterId: enrolment.clusterId,
    userId: ctx.actor.id,
    now,
  })
  const mine = await findStepRegistration(ctx.db, enrolmentId, slug)
  return {
    step: slug,
    state: gateOf(enrolment.progress, slug),
    items: rows
      .sort(byLanguageThenStart(enrolment.language))
      .map((row) => viewOffer(row, row.id === mine?.sessionId, now)),
  }
}

/** One session: staff see all of it; a learner who is registered, or may register, the offer. */
export async function getSession(ctx: ServiceContext, id: string, now: Date): Promise<WebinarView> {
  const row = await findSession(ctx.db, id)
  if (!row) throw noSuchSession()
  if (await isSessionStaff(ctx.db, ctx.actor, row)) return viewSession(row)
  const registration = await findRegistration(ctx.db, id, ctx.actor.id)
  if (registration?.status === 'registered') return viewOffer(row, true, now)
  if (await mayRegister(ctx, row)) return viewOffer(row, false, now)
  throw noSuchSession()
}

async function mayRegister(ctx: ServiceContext, row: SessionRow): Promise<boolean> {
  const enrolments = await listMyEnrolments(ctx, row.courseSlug)
  return enrolments.some(
    (enrolment) =>
      enrolment.status === 'active' &&
      (row.clusterId === null || row.clusterId === enrolment.clusterId),
  )
}

/** Whether the actor is registered for the session (the .ics of their invitation). */
export async function isRegistered(db: Db, actor: Actor, sessionId: string): Promise<boolean> {
  return (await findRegistration(db, sessionId, actor.id))?.status === 'registered'
}

/**
 * Registers the enrolment's learner for a session, or moves them from another session of the same
 * step (until either starts). Seats are counted under the session's row lock; the gate's
 * `webinar.registered` is appended in the same transaction; the invitation (and the old session's
 * cancellation) are queued with it. An Idempotency-Key replays the first answer.
 */
export async function register(
  ctx: ServiceContext,
  bus: ProgressionBus,
  settings: CalendarSettings,
  enrolmentId: string,
  body: RegistrationBody,
  key: string | undefined,
  now: Date,
): Promise<Outcome<RegistrationAnswer>> {
  const { db, actor } = ctx
  const enrolment = await ownEnrolment(db, actor, enrolmentId)
  await webinarStepOf(db, enrolment.courseVersionId, body.step, '/body/step')
  const idempotency = idempotencyKey({
    userId: actor.id,
    scope: `webinar-registration:${enrolmentId}`,
    key,
    body,
  })
  const transitions: ProgressionTransition[] = []
  const outcome = await withReplay(db, idempotency, () =>
    db.transaction().execute(async (trx) => {
      const locked = await lockForChange(trx, enrolmentId)
      if (locked.status !== 'active')
        throw new Problem(409, 'conflict', 'Enrolment not active', 'This enrolment is not active.')
      const current = await findStepRegistration(trx, enrolmentId, body.step)
      // Lock the sessions in one order (by id), so two learners moving crosswise never deadlock.
      const ids = [...new Set([body.sessionId, current?.sessionId].filter((v) => v !== undefined))]
      for (const id of ids.sort()) await lockSession(trx, id)
      const row = await findSession(trx, body.sessionId)
      if (!row || !offeredTo(row, locked, body.step)) throw noSuchSession()
      const person = await findPerson(trx, actor.id)
      if (!person) throw Problem.notFound('No such person.')
      if (current?.sessionId === row.id) {
        // Already registered here: nothing changes, nothing is mailed.
        const answer = answerOf(row, body.step, current.registeredAt, now)
        await rememberAnswer(trx, idempotency, 200, answer)
        return { status: 200, body: answer, replayed: false }
      }
      if (row.status !== 'scheduled') throw closedProblem('The session is cancelled.')
      if (hasStarted(row, now)) throw closedProblem('The session has started.')
      if (current && current.sessionStatus === 'scheduled' && hasStarted(current, now))
        throw closedProblem('Your current session has started; you cannot move from it now.')
      if (row.capacity !== null && (await countRegistered(trx, row.id)) >= row.capacity)
        throw fullProblem()
      if (current) {
        const { calendarSequence } = await cancelRegistration(trx, current.id, now)
        const old = await findSession(trx, current.sessionId)
        if (old && old.status === 'scheduled')
          await mailAttendee(trx, settings, 'webinar-left', old, person, calendarSequence, now)
      }
      const registration = await upsertRegistration(trx, {
        sessionId: row.id,
        userId: actor.id,
        enrolmentId,
        at: now,
      })
      const fresh = (await findSession(trx, row.id))!
      await mailAttendee(
        trx,
        settings,
        'webinar-invitation',
        fresh,
        person,
        registration.calendarSequence,
        now,
      )
      const { current: step, phase } = standingOf(locked.progress)
      if (step === body.step && phase === 'open') {
        const applied = await appendEvent(
          trx,
          locked,
          { type: 'webinar.registered', step: body.step },
          actor.id,
          { sessionId: row.id },
        )
        transitions.push(applied.transition)
      }
      const answer = answerOf(fresh, body.step, registration.registeredAt, now)
      await rememberAnswer(trx, idempotency, 200, answer)
      return { status: 200, body: answer, replayed: false }
    }),
  )
  if (transitions.length > 0) await bus.publish(transitions)
  return outcome
}

function answerOf(
  row: SessionRow,
  step: string,
  registeredAt: Date,
  now: Date,
): RegistrationAnswer {
  return {
    registration: { sessionId: row.id, step, registeredAt: new Date(registeredAt).toISOString() },
    session: viewOffer(row, true, now),
  }
}

/** Leaves the session of a step before it starts; the cancellation is mailed. */
export async function unregister(
  ctx: ServiceContext,
  settings: CalendarSettings,
  enrolmentId: string,
  step: string,
  now: Date,
): Promise<void> {
  const { db, actor } = ctx
  const enrolment = await ownEnrolment(db, actor, enrolmentId)
  await webinarStepOf(db, enrolment.courseVersionId, step, '/querystring/step')
  await db.transaction().execute(async (trx) => {
    await lockForChange(trx, enrolmentId)
    const current = await findStepRegistration(trx, enrolmentId, step)
    if (!current) throw Problem.notFound('You are not registered for a session of this step.')
    await lockSession(trx, current.sessionId)
    const row = (await findSession(trx, current.sessionId))!
    if (row.status === 'scheduled' && hasStarted(row, now))
      throw new Problem(409, 'conflict', 'Session started', 'The session has started.')
    const { calendarSequence } = await cancelRegistration(trx, current.id, now)
    const person = await findPerson(trx, actor.id)
    if (person && row.status === 'scheduled')
      await mailAttendee(trx, settings, 'webinar-left', row, person, calendarSequence, now)
  })
}

/** The person's registered sessions: upcoming (and running) first by start, then past, latest first. */
export async function myWebinars(ctx: ServiceContext, now: Date): Promise<MyWebinars> {
  const rows = await listSessionsOfPerson(ctx.db, ctx.actor.id)
  const view = (row: (typeof rows)[number]) => {
    const start = new Date(row.startsAt).getTime()
    return {
      ...viewOffer(row, true, now),
      attendance: row.attendance ?? null,
      checkInOpen:
        row.status === 'scheduled' &&
        now.getTime() >= start - checkInOpensMs &&
        now.getTime() < endOf(row).getTime(),
      enrolmentId: row.enrolmentId,
    }
  }
  const upcoming = rows.filter((row) => endOf(row) > now)
  const past = rows.filter((row) => endOf(row) <= now).reverse()
  return { items: [...upcoming, ...past].map(view) }
}
