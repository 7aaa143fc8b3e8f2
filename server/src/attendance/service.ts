// What attendance offers the routes: a session's attendance list and its bulk marking, the
// check-in code for staff, and the learner's check-in (check-in.ts). Marking `attended` opens
// the learner's webinar gate (gate.ts) in the same transaction.
import { recordAudit } from '../audit/service.ts'
import type { Db } from '../db/create-db.ts'
import type { ProgressionBus } from '../enrolments/service.ts'
import type { ServiceContext } from '../http/context.ts'
import type { PersonalDataHolder } from '../identity/service.ts'
import { type FieldError, Problem } from '../http/problem.ts'
import { loadSessionForStaff } from '../webinars/service.ts'
import { checkInOpensMinutesBefore } from './constants.ts'
import { attendeeEnrolment, endsAt, opensAt } from './attendees.ts'
import { openGate } from './gate.ts'
import {
  type AttendanceSession,
  eraseAttendanceReasons,
  findAttendanceRows,
  findRegistrations,
  listAttendance,
  listAttendanceOfPerson,
  upsertAttendance,
} from './queries.ts'
import type { AttendanceList, AttendanceMarksBody, CheckInCode } from './schemas.ts'

export { checkIn } from './check-in.ts'
export { openGateOnArrival } from './gate.ts'

/** The session, if the actor is its staff (else 403 for other staff, 404 for anyone else). */
const sessionForStaff = (ctx: ServiceContext, id: string): Promise<AttendanceSession> =>
  loadSessionForStaff(ctx, id)

async function viewList(db: Db, session: AttendanceSession): Promise<AttendanceList> {
  const rows = await listAttendance(db, session.id)
  return {
    session: {
      id: session.id,
      title: session.title,
      startsAt: session.startsAt.toISOString(),
      endsAt: endsAt(session).toISOString(),
      status: session.status,
      markingOpensAt: opensAt(session).toISOString(),
    },
    items: rows.map((row) => ({
      userId: row.userId,
      name: row.name,
      email: row.email,
      municipality: row.municipality,
      registered: row.registered,
      status: row.status,
      reason: row.reason,
      via: row.via,
      markedAt: row.markedAt ? row.markedAt.toISOString() : null,
    })),
  }
}

/** The attendance list: everyone registered, and anyone marked or checked in. */
export async function getAttendance(ctx: ServiceContext, id: string): Promise<AttendanceList> {
  return viewList(ctx.db, await sessionForStaff(ctx, id))
}

/** The code staff show during the session, and when it is taken. */
export async function getCheckInCode(ctx: ServiceContext, id: string): Promise<CheckInCode> {
  const session = await sessionForStaff(ctx, id)
  return {
    code: session.checkInCode,
    opensAt: opensAt(session).toISOString(),
    closesAt: endsAt(session).toISOString(),
  }
}

/** Refuses marking a cancelled session, or one more than 15 minutes before its start. */
function assertMarkable(session: AttendanceSession, now: Date): void {
  if (session.status === 'cancelled')
    throw new Problem(
      409,
      'conflict',
      'Session cancelled',
      'A cancelled session takes no attendance.',
    )
  if (now < opensAt(session))
    throw new Problem(
      409,
      'conflict',
      'Not open yet',
      `Attendance can be marked from ${checkInOpensMinutesBefore} minutes before the start.`,
      { opensAt: opensAt(session).toISOString() },
    )
}

/**
 * Bulk marking: every mark is stored, or none. A reason is required for `excused`; each person
 * must be registered, already on the list, or a learner the session is open to. `attended`
 * sends `webinar.attended` to the learner's enrolment in the same transaction; a later
 * `absent` or `excused` changes the list only (the progression log is append-only).
 */
export async function markAttendance(
  ctx: ServiceContext,
  bus: ProgressionBus,
  id: string,
  body: AttendanceMarksBody,
  now: Date,
): Promise<AttendanceList> {
  const session = await sessionForStaff(ctx, id)
  const errors: FieldError[] = []
  const seen = new Set<string>()
  body.marks.forEach((mark, index) => {
    if (seen.has(mark.userId))
      errors.push({
        pointer: `/body/marks/${index}/userId`,
        reason: 'conflict',
        detail: 'this person is marked twice',
      })
    seen.add(mark.userId)
    if (mark.status === 'excused' && !mark.reason)
      errors.push({
        pointer: `/body/marks/${index}/reason`,
        reason: 'required',
        detail: 'a reason is required to excuse',
      })
  })
  if (errors.length > 0) throw Problem.validation(errors)
  assertMarkable(session, now)

  const { db, actor, ip } = ctx
  const userIds = body.marks.map((mark) => mark.userId)
  const transitions = await db.transaction().execute(async (trx) => {
    const registrations = new Map(
      (await findRegistrations(trx, session.id, userIds)).map((r) => [r.userId, r.enrolmentId]),
    )
    const listed = new Map(
      (await findAttendanceRows(trx, session.id, userIds)).map((r) => [r.userId, r.enrolmentId]),
    )
    const enrolments: string[] = []
    const unknown: FieldError[] = []
    for (const [index, mark] of body.marks.entries()) {
      const enrolmentId =
        (await attendeeEnrolment(trx, session, mark.userId, registrations)) ??
        listed.get(mark.userId) ??
        null
      if (enrolmentId) enrolments.push(enrolmentId)
      else
        unknown.push({
          pointer: `/body/marks/${index}/userId`,
          reason: 'not-allowed',
          detail: 'not registered for this session, nor a learner of its course it is open to',
        })
    }
    if (unknown.length > 0) throw Problem.validation(unknown)

    const opened = []
    // In one order of people, so two lists marked at once wait for each other, never deadlock.
    const order = [...body.marks.keys()].sort((a, b) =>
      body.marks[a]!.userId.localeCompare(body.marks[b]!.userId),
    )
    for (const index of order) {
      const mark = body.marks[index]!
      const enrolmentId = enrolments[index]!
      await upsertAttendance(trx, {
        sessionId: session.id,
        userId: mark.userId,
        enrolmentId,
        status: mark.status,
        reason: mark.reason ?? null,
        via: 'list',
        markedBy: actor.id,
        markedAt: now,
      })
      await recordAudit(trx, {
        action: 'attendance.marked',
        actorId: actor.id,
        subject: mark.userId,
        ip,
        details: {
          sessionId: session.id,
          enrolmentId,
          status: mark.status,
          reason: mark.reason ?? null,
        },
      })
      if (mark.status === 'attended') {
        const transition = await openGate(trx, enrolmentId, session.step, actor.id, {
          sessionId: session.id,
          via: 'list',
        })
        if (transition) opened.push(transition)
      }
    }
    return opened
  })
  await bus.publish(transitions)
  return viewList(db, session)
}

/** A person's attendance in their data export; erasure removes the reasons written about them. */
export const attendancePersonalData: PersonalDataHolder = {
  part: 'webinarAttendance',
  collect: listAttendanceOfPerson,
  erase: eraseAttendanceReasons,
}
