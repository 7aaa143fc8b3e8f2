// Kysely for webinar sessions, registrations and calendar feeds. Reads join, for reading only, the
// session's course and cluster, the cluster's courses, attendees' names, places and addresses, and
// the attendance marks (ARCHITECTURE.md, "Tables and their owners").
import { type ExpressionBuilder, sql, type Transaction } from 'kysely'
import type { Db } from '../db/create-db.ts'
import type { Database, WebinarSessionTable } from '../db/schema.ts'
import type { Insertable, Updateable } from 'kysely'

type SessionScope = ExpressionBuilder<
  Database & { s: Database['webinarSessions']; c: Database['courses'] },
  's' | 'c'
>

const registeredCount = (eb: SessionScope) =>
  eb
    .selectFrom('webinarRegistrations as r')
    .select((inner) => inner.fn.countAll<string>().as('n'))
    .whereRef('r.sessionId', '=', 's.id')
    .where('r.status', '=', 'registered')
    .as('registered')

function sessionsQuery(db: Db) {
  return db
    .selectFrom('webinarSessions as s')
    .innerJoin('courses as c', 'c.id', 's.courseId')
    .leftJoin('clusters as k', 'k.id', 's.clusterId')
    .leftJoin('users as o', 'o.id', 's.organiserId')
    .select([
      's.id',
      's.courseId',
      's.step',
      's.clusterId',
      's.title',
      's.agenda',
      's.startsAt',
      's.durationMinutes',
      's.timeZone',
      's.joinUrl',
      's.capacity',
      's.language',
      's.organiserId',
      's.status',
      's.sequence',
      's.recordingUrl',
      's.checkInCode',
      's.reminderSentAt',
      's.cancelledAt',
      's.createdAt',
      's.updatedAt',
      'c.slug as courseSlug',
      'c.title as courseTitles',
      'c.languages as courseLanguages',
      'k.name as clusterName',
      'k.associationId as clusterAssociationId',
      'o.name as organiserName',
    ])
    .select(registeredCount)
}

export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>

/** One session with its course, cluster, organiser and how many are registered. */
export async function findSession(db: Db, id: string) {
  return sessionsQuery(db).where('s.id', '=', id).executeTakeFirst()
}

/** Locks a session's row: registrations count seats under this lock, changes raise its sequence. */
export async function lockSession(trx: Transaction<Database>, id: string): Promise<boolean> {
  const row = await trx
    .selectFrom('webinarSessions')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  return row !== undefined
}

export async function insertSession(
  db: Db,
  values: Insertable<WebinarSessionTable>,
): Promise<string> {
  const row = await db
    .insertInto('webinarSessions')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Changes a session and raises its sequence (every change is a new version of the invitation). */
export async function updateSession(
  db: Db,
  id: string,
  values: Updateable<WebinarSessionTable>,
): Promise<void> {
  await db
    .updateTable('webinarSessions')
    .set({ ...values, sequence: sql`sequence + 1`, updatedAt: sql`now()` })
    .where('id', '=', id)
    .execute()
}

/** Sets the recording link (no new invitation: the event itself did not change). */
export async function updateRecording(db: Db, id: string, url: string): Promise<void> {
  await db
    .updateTable('webinarSessions')
    .set({ recordingUrl: url, updatedAt: sql`now()` })
    .where('id', '=', id)
    .execute()
}

/** The sessions of a course, upcoming first (or all, past ones after), by step and cluster. */
export async function listCourseSessions(
  db: Db,
  courseId: string,
  filter: { step?: string; clusterId?: string; endedAfter: Date | null },
) {
  let query = sessionsQuery(db).where('s.courseId', '=', courseId)
  if (filter.step) query = query.where('s.step', '=', filter.step)
  if (filter.clusterId) query = query.where('s.clusterId', '=', filter.clusterId)
  if (filter.endedAfter)
    query = query.where(
      sql<boolean>`s.starts_at + make_interval(mins => s.duration_minutes) > ${filter.endedAfter}`,
    )
  return query.orderBy('s.startsAt').orderBy('s.id').limit(500).execute()
}

/**
 * Sessions a learner of the course may see at a step: open ones and their cluster's, scheduled and
 * not started yet, plus any they are registered for.
 */
export async function listOfferedSessions(
  db: Db,
  offer: { courseId: string; step: string; clusterId: string | null; userId: string; now: Date },
) {
  return sessionsQuery(db)
    .where('s.courseId', '=', offer.courseId)
    .where('s.step', '=', offer.step)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('s.status', '=', 'scheduled'),
          eb('s.startsAt', '>', offer.now),
          offer.clusterId
            ? eb.or([eb('s.clusterId', 'is', null), eb('s.clusterId', '=', offer.clusterId)])
            : eb('s.clusterId', 'is', null),
        ]),
        eb.exists(
          eb
            .selectFrom('webinarRegistrations as r')
            .select('r.id')
            .whereRef('r.sessionId', '=', 's.id')
            .where('r.userId', '=', offer.userId)
            .where('r.status', '=', 'registered'),
        ),
      ]),
    )
    .orderBy('s.startsAt')
    .orderBy('s.id')
    .limit(200)
    .execute()
}

/** Whether a cluster offers a course. */
export async function clusterOffersCourse(
  db: Db,
  clusterId: string,
  courseId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('clusterCourses')
    .select('clusterId')
    .where('clusterId', '=', clusterId)
    .where('courseId', '=', courseId)
    .executeTakeFirst()
  return row !== undefined
}

// ── Registrations ───────────────────────────────────────────────────────────────────────────────

const registrationColumns = [
  'r.id',
  'r.sessionId',
  'r.userId',
  'r.enrolmentId',
  'r.status',
  'r.calendarSequence',
  'r.registeredAt',
  'r.cancelledAt',
] as const

/** The person's registration for a session, whatever its status. */
export async function findRegistration(db: Db, sessionId: string, userId: string) {
  return db
    .selectFrom('webinarRegistrations as r')
    .select(registrationColumns)
    .where('r.sessionId', '=', sessionId)
    .where('r.userId', '=', userId)
    .executeTakeFirst()
}

export type RegistrationRow = NonNullable<Awaited<ReturnType<typeof findRegistration>>>

/** The enrolment's current registration at a step (at most one), with its session's start. */
export async function findStepRegistration(db: Db, enrolmentId: string, step: string) {
  return db
    .selectFrom('webinarRegistrations as r')
    .innerJoin('webinarSessions as s', 's.id', 'r.sessionId')
    .select(registrationColumns)
    .select(['s.startsAt', 's.status as sessionStatus'])
    .where('r.enrolmentId', '=', enrolmentId)
    .where('s.step', '=', step)
    .where('r.status', '=', 'registered')
    .executeTakeFirst()
}

/**
 * Registers a person (again): a registration cancelled before comes back with a raised calendar
 * sequence, so the new invitation outranks the cancellation their calendar holds.
 */
export async function upsertRegistration(
  db: Db,
  values: { sessionId: string; userId: string; enrolmentId: string; at: Date },
) {
  return db
    .insertInto('webinarRegistrations')
    .values({
      sessionId: values.sessionId,
      userId: values.userId,
      enrolmentId: values.enrolmentId,
      registeredAt: values.at,
    })
    .onConflict((oc) =>
      oc.columns(['sessionId', 'userId']).doUpdateSet({
        status: 'registered',
        enrolmentId: values.enrolmentId,
        registeredAt: values.at,
        cancelledAt: null,
        calendarSequence: sql`webinar_registrations.calendar_sequence + 1`,
      }),
    )
    .returning(['id', 'calendarSequence', 'registeredAt'])
    .executeTakeFirstOrThrow()
}

/** Cancels a registration and raises its calendar sequence (the CANCEL outranks the invitation). */
export async function cancelRegistration(db: Db, id: string, at: Date) {
  return db
    .updateTable('webinarRegistrations')
    .set({ status: 'cancelled', cancelledAt: at, calendarSequence: sql`calendar_sequence + 1` })
    .where('id', '=', id)
    .returning(['calendarSequence'])
    .executeTakeFirstOrThrow()
}

export async function countRegistered(db: Db, sessionId: string): Promise<number> {
  const row = await db
    .selectFrom('webinarRegistrations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('sessionId', '=', sessionId)
    .where('status', '=', 'registered')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Who is registered for a session, with what an invitation needs: address, language, zone. */
export async function listAttendees(db: Db, sessionId: string) {
  return db
    .selectFrom('webinarRegistrations as r')
    .innerJoin('users as u', 'u.id', 'r.userId')
    .select([
      'r.id',
      'r.userId',
      'r.enrolmentId',
      'r.calendarSequence',
      'u.name',
      'u.email',
      'u.preferredLanguage',
      'u.timeZone',
    ])
    .where('r.sessionId', '=', sessionId)
    .where('r.status', '=', 'registered')
    .where('u.erasedAt', 'is', null)
    .orderBy('r.registeredAt')
    .execute()
}

export type AttendeeRow = Awaited<ReturnType<typeof listAttendees>>[number]

/** One person as an invitation needs them. */
export async function findPerson(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'preferredLanguage', 'timeZone', 'erasedAt'])
    .where('id', '=', userId)
    .executeTakeFirst()
}

/** A session's registrations for its staff, registered first, then by time. */
export async function listRegistrations(db: Db, sessionId: string) {
  return db
    .selectFrom('webinarRegistrations as r')
    .innerJoin('users as u', 'u.id', 'r.userId')
    .leftJoin('municipalities as m', 'm.id', 'u.municipalityId')
    .select([
      'r.userId',
      'u.name',
      'u.email',
      'm.name as municipality',
      'r.status',
      'r.registeredAt',
    ])
    .where('r.sessionId', '=', sessionId)
    .orderBy(sql`case when r.status = 'registered' then 0 else 1 end`)
    .orderBy('r.registeredAt')
    .limit(5000)
    .execute()
}

/** A person's registered sessions (all time), with their attendance mark and the registration. */
export async function listSessionsOfPerson(db: Db, userId: string) {
  return sessionsQuery(db)
    .innerJoin('webinarRegistrations as r', 'r.sessionId', 's.id')
    .leftJoin('webinarAttendance as a', (join) =>
      join.onRef('a.sessionId', '=', 's.id').onRef('a.userId', '=', 'r.userId'),
    )
    .select([
      'r.enrolmentId',
      'r.calendarSequence',
      'r.status as registrationStatus',
      'a.status as attendance',
    ])
    .where('r.userId', '=', userId)
    .where('r.status', '=', 'registered')
    .orderBy('s.startsAt')
    .limit(1000)
    .execute()
}

/** A person's registrations for their data export. */
export async function listRegistrationsOfPerson(db: Db, userId: string) {
  return db
    .selectFrom('webinarRegistrations as r')
    .innerJoin('webinarSessions as s', 's.id', 'r.sessionId')
    .innerJoin('courses as c', 'c.id', 's.courseId')
    .select([
      'r.sessionId',
      's.title',
      'c.slug as courseSlug',
      's.step',
      's.startsAt',
      'r.status',
      'r.registeredAt',
      'r.cancelledAt',
    ])
    .where('r.userId', '=', userId)
    .orderBy('r.registeredAt')
    .execute()
}

// ── Reminders ───────────────────────────────────────────────────────────────────────────────────

/**
 * Claims the scheduled sessions that start between `now` and `until` and have had no reminder, in
 * one statement: a replica running the same statement at once waits for this row lock, then sees
 * reminder_sent_at set and skips the row, so a reminder is claimed once.
 */
export async function claimReminders(db: Db, now: Date, until: Date) {
  return db
    .updateTable('webinarSessions')
    .set({ reminderSentAt: now })
    .where('status', '=', 'scheduled')
    .where('reminderSentAt', 'is', null)
    .where('startsAt', '>', now)
    .where('startsAt', '<=', until)
    .returning('id')
    .execute()
}

// ── Calendar feeds ──────────────────────────────────────────────────────────────────────────────

export async function findFeedOfPerson(db: Db, userId: string) {
  return db
    .selectFrom('calendarFeeds')
    .select(['userId', 'createdAt'])
    .where('userId', '=', userId)
    .executeTakeFirst()
}

export async function findFeedByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('calendarFeeds as f')
    .innerJoin('users as u', 'u.id', 'f.userId')
    .select(['f.userId', 'u.name', 'u.email', 'u.preferredLanguage', 'u.timeZone'])
    .where('f.tokenHash', '=', tokenHash)
    .where('u.erasedAt', 'is', null)
    .executeTakeFirst()
}

/** A new secret for the person; the old one stops working (the caller's transaction). */
export async function replaceFeed(db: Db, userId: string, tokenHash: string, at: Date) {
  await db.deleteFrom('calendarFeeds').where('userId', '=', userId).execute()
  return db
    .insertInto('calendarFeeds')
    .values({ userId, tokenHash, createdAt: at })
    .returning('createdAt')
    .executeTakeFirstOrThrow()
}

export async function deleteFeed(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('calendarFeeds').where('userId', '=', userId).execute()
}
