import { createHash, timingSafeEqual } from 'node:crypto'
import { recordAudit } from '../audit/service.ts'
import type { ProgressionBus } from '../enrolments/service.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { type FailureLimit, giveBackTry, takeTry } from '../http/rate-limit.ts'
import { openGate } from './gate.ts'
import { findAttendanceRows, findRegistrations, findSession, upsertAttendance } from './queries.ts'
import type { CheckInResult } from './schemas.ts'
import { attendeeEnrolment, endsAt, opensAt } from './attendees.ts'

/**
 * Wrong codes a person may type per session in a window: a code of six characters from a large
 * alphabet cannot be guessed in five tries, and a typo or two still leaves room.
 */
export const wrongCodeLimit: FailureLimit = { max: 5, windowMs: 15 * 60_000 }

/** Codes are compared without letter case or surrounding spaces. */
const normalised = (code: string) => code.trim().toUpperCase()

/** Equal codes, compared in constant time (on digests, so lengths leak nothing either). */
function sameCode(given: string, expected: string): boolean {
  const digest = (code: string) => createHash('sha256').update(normalised(code)).digest()
  return timingSafeEqual(digest(given), digest(expected))
}

const refused = (reason: 'closed' | 'wrong-code', detail: string) =>
  new Problem(422, 'check-in-refused', 'Check-in refused', detail, {
    reason,
    ...(reason === 'wrong-code'
      ? {
          errors: [
            { pointer: '/body/code', reason: 'invalid', detail: 'not the code of this session' },
          ],
        }
      : {}),
  })

/**
 * A learner's check-in with the code staff show: for a learner registered for the session, or one
 * it is open to (no cluster, or their enrolment's cluster); taken from 15 minutes before the
 * start to the end. Wrong codes are limited per person and session; every try is audited. A
 * right code marks the learner attended and opens their webinar gate, once: a second right code
 * answers the same and changes nothing.
 */
export async function checkIn(
  ctx: ServiceContext,
  bus: ProgressionBus,
  id: string,
  code: string,
  now: Date,
): Promise<CheckInResult> {
  const { db, actor, ip } = ctx
  const session = await findSession(db, id)
  if (!session) throw Problem.notFound('No such webinar session.')
  const registrations = new Map(
    (await findRegistrations(db, id, [actor.id])).map((r) => [r.userId, r.enrolmentId]),
  )
  const enrolmentId = await attendeeEnrolment(db, session, actor.id, registrations)
  // Someone the session is not for learns nothing about it.
  if (!enrolmentId) throw Problem.notFound('No such webinar session.')

  const audit = (action: 'webinar.checked-in' | 'webinar.check-in-refused', details: object) =>
    recordAudit(db, {
      action,
      actorId: actor.id,
      subject: actor.id,
      ip,
      details: { sessionId: id, enrolmentId, ...details },
    })
  if (session.status === 'cancelled' || now < opensAt(session) || now >= endsAt(session)) {
    await audit('webinar.check-in-refused', { reason: 'closed' })
    throw refused(
      'closed',
      session.status === 'cancelled'
        ? 'The session was cancelled.'
        : `Check-in is open from ${opensAt(session).toISOString()} to ${endsAt(session).toISOString()}.`,
    )
  }
  const key = `check-in:${id}:${actor.id}`
  try {
    await takeTry(db, key, wrongCodeLimit)
  } catch (error) {
    await audit('webinar.check-in-refused', { reason: 'rate-limited' })
    throw error
  }
  if (!sameCode(code, session.checkInCode)) {
    await audit('webinar.check-in-refused', { reason: 'wrong-code' })
    throw refused('wrong-code', 'That is not the code of this session.')
  }

  const { result, transition } = await db.transaction().execute(async (trx) => {
    await giveBackTry(trx, key)
    const [earlier] = await findAttendanceRows(trx, id, [actor.id])
    const stored =
      earlier?.status === 'attended'
        ? earlier
        : await upsertAttendance(trx, {
            sessionId: id,
            userId: actor.id,
            enrolmentId,
            status: 'attended',
            reason: null,
            via: 'check-in',
            markedBy: actor.id,
            markedAt: now,
          })
    await recordAudit(trx, {
      action: 'webinar.checked-in',
      actorId: actor.id,
      subject: actor.id,
      ip,
      details: { sessionId: id, enrolmentId, repeated: earlier?.status === 'attended' },
    })
    // Sent again on a repeat too: a gate the learner reached since then opens now.
    const transition = await openGate(trx, stored.enrolmentId, session.step, actor.id, {
      sessionId: id,
      via: 'check-in',
    })
    const result: CheckInResult = {
      status: 'attended',
      via: stored.via,
      markedAt: stored.markedAt.toISOString(),
      enrolmentId: stored.enrolmentId,
    }
    return { result, transition }
  })
  if (transition) await bus.publish([transition])
  return result
}
