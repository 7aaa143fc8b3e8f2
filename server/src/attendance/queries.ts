import { sql } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { AttendanceStatus } from './constants.ts'

// Attendance owns webinar_attendance; it reads webinar_sessions (the window and the code),
// webinar_registrations (who is registered), users and municipalities (the list's names).

/** A session as attendance needs it: its course step, its window, its status and its code. */
export async function findSession(db: Db, id: string) {
  return db
    .selectFrom('webinarSessions')
    .select([
      'id',
      'courseId',
      'step',
      'clusterId',
      'title',
      'startsAt',
      'durationMinutes',
      'status',
      'checkInCode',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
}
export type AttendanceSession = NonNullable<Awaited<ReturnType<typeof findSession>>>

/** Everyone registered for the session now, and everyone with an attendance row, by name. */
export async function listAttendance(db: Db, sessionId: string) {
  const people = db
    .selectFrom('webinarRegistrations')
    .select('userId')
    .where('sessionId', '=', sessionId)
    .where('status', '=', 'registered')
    .union(db.selectFrom('webinarAttendance').select('userId').where('sessionId', '=', sessionId))
  return db
    .selectFrom('users as u')
    .leftJoin('municipalities as m', 'm.id', 'u.municipalityId')
    .leftJoin('webinarAttendance as a', (join) =>
      join.onRef('a.userId', '=', 'u.id').on('a.sessionId', '=', sessionId),
    )
    .leftJoin('webinarRegistrations as r', (join) =>
      join
        .onRef('r.userId', '=', 'u.id')
        .on('r.sessionId', '=', sessionId)
        .on('r.status', '=', 'registered'),
    )
    .select([
      'u.id as userId',
      'u.name',
      'u.email',
      'm.name as municipality',
      'a.status',
      'a.reason',
      'a.via',
      'a.markedAt',
    ])
    .select(sql<boolean>`r.id is not null`.as('registered'))
    .where('u.id', 'in', people)
    .orderBy('u.name')
    .orderBy('u.id')
    .execute()
}

/** The people's current registrations for the session (with the enrolment they registered with). */
export async function findRegistrations(db: Db, sessionId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return []
  return db
    .selectFrom('webinarRegistrations')
    .select(['userId', 'enrolmentId'])
    .where('sessionId', '=', sessionId)
    .where('userId', 'in', userIds)
    .where('status', '=', 'registered')
    .execute()
}

/** The people's attendance rows of the session. */
export async function findAttendanceRows(db: Db, sessionId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return []
  return db
    .selectFrom('webinarAttendance')
    .select(['userId', 'enrolmentId', 'status', 'reason', 'via', 'markedAt'])
    .where('sessionId', '=', sessionId)
    .where('userId', 'in', userIds)
    .execute()
}

export interface AttendanceWrite {
  sessionId: string
  userId: string
  enrolmentId: string
  status: AttendanceStatus
  reason: string | null
  via: 'list' | 'check-in'
  markedBy: string | null
  markedAt: Date
}

/** Stores a person's attendance of a session, replacing an earlier mark. */
export async function upsertAttendance(db: Db, row: AttendanceWrite) {
  return db
    .insertInto('webinarAttendance')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['sessionId', 'userId']).doUpdateSet({
        enrolmentId: row.enrolmentId,
        status: row.status,
        reason: row.reason,
        via: row.via,
        markedBy: row.markedBy,
        markedAt: row.markedAt,
      }),
    )
    .returning(['status', 'via', 'markedAt', 'enrolmentId'])
    .executeTakeFirstOrThrow()
}

/** Whether the person was marked attended at a session of the course's step. */
export async function hasAttendedStep(db: Db, userId: string, courseId: string, step: string) {
  const row = await db
    .selectFrom('webinarAttendance as a')
    .innerJoin('webinarSessions as s', 's.id', 'a.sessionId')
    .select('a.sessionId')
    .where('a.userId', '=', userId)
    .where('a.status', '=', 'attended')
    .where('s.courseId', '=', courseId)
    .where('s.step', '=', step)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** A person's attendance of sessions, for their data export. */
export async function listAttendanceOfPerson(db: Db, userId: string) {
  const rows = await db
    .selectFrom('webinarAttendance as a')
    .innerJoin('webinarSessions as s', 's.id', 'a.sessionId')
    .select([
      's.id as sessionId',
      's.title',
      's.startsAt',
      'a.status',
      'a.reason',
      'a.via',
      'a.markedAt',
    ])
    .where('a.userId', '=', userId)
    .orderBy('s.startsAt')
    .execute()
  return rows.map((row) => ({
    ...row,
    startsAt: row.startsAt.toISOString(),
    markedAt: row.markedAt.toISOString(),
  }))
}

/**
 * Erasure: the reasons staff wrote (an excuse may be about health) go; the marks stay, so the
 * counts hold. An excused mark must keep a reason, so it keeps one that says it was erased.
 */
export async function eraseAttendanceReasons(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('webinarAttendance')
    .set({ reason: sql<string | null>`case when status = 'excused' then '(erased)' else null end` })
    .where('userId', '=', userId)
    .where('reason', 'is not', null)
    .execute()
}
