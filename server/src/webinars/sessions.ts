// Scheduling sessions: create, change, cancel, the recording link, the lists for staff.
import { randomInt } from 'node:crypto'
import { recordAudit } from '../audit/service.ts'
import { instantOfLocalTime, localTimeOf } from '../calls/service.ts'
import { courseIdOf, loadStepDocument, publishedVersion } from '../courses/service.ts'
import type { Db } from '../db/create-db.ts'
import { hasRole } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { type FieldError, Problem } from '../http/problem.ts'
import { isSessionStaff, noSuchSession, notStaffProblem } from './access.ts'
import type { CalendarSettings } from './calendar.ts'
import { mailAttendee } from './invitations.ts'
import {
  clusterOffersCourse,
  findSession,
  insertSession,
  listAttendees,
  listCourseSessions,
  listRegistrations,
  lockSession,
  type SessionRow,
  updateRecording,
  updateSession,
} from './queries.ts'
import type {
  CancelWebinarBody,
  CreateWebinarBody,
  ListCourseWebinarsQuery,
  UpdateWebinarBody,
  WebinarRegistrations,
  WebinarSession,
  WebinarSessionList,
  WebinarStep,
} from './schemas.ts'
import { endOf, hasStarted, viewSession } from './views.ts'

// No 0/O, 1/I/L: read aloud or copied from a shared screen without doubt.
const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

/** A check-in code: 6 characters from an unambiguous alphabet, from the crypto generator. */
export function newCheckInCode(): string {
  let code = ''
  for (let i = 0; i < 6; i++) code += codeAlphabet[randomInt(codeAlphabet.length)]
  return code
}

/** The zone as Intl names it (Europe/Belgrade), or undefined when unknown or not a region's. */
function canonicalZone(zone: string): string | undefined {
  if (!zone.includes('/') && zone.toUpperCase() !== 'UTC') return undefined
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone
  } catch {
    return undefined
  }
}

/** The instant a local start names, or the field errors that say why it names none. */
function startOf(local: string, zone: string, now: Date, errors: FieldError[]): Date | undefined {
  const canonical = canonicalZone(zone)
  if (!canonical) {
    errors.push({
      pointer: '/body/timeZone',
      reason: 'unknown-reference',
      detail: `"${zone}" is not an IANA time zone (e.g. Europe/Belgrade)`,
    })
    return undefined
  }
  const result = instantOfLocalTime(local, canonical)
  if (!result.ok) {
    errors.push(
      result.reason === 'nonexistent'
        ? {
            pointer: '/body/start',
            reason: 'invalid',
            detail: `${local} does not exist in ${canonical}: the clocks skip it (daylight saving time begins)`,
          }
        : { pointer: '/body/start', reason: 'format', detail: 'is not a date and time' },
    )
    return undefined
  }
  if (result.instant.getTime() <= now.getTime()) {
    errors.push({ pointer: '/body/start', reason: 'too-small', detail: 'must be in the future' })
    return undefined
  }
  return result.instant
}

/** The session with its course and cluster; undefined when there is none. No access check. */
export async function loadSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return findSession(db, id)
}

/** The session for its staff (admin; trainers of its course or cluster; its cluster's coordinators). */
export async function loadSessionForStaff(ctx: ServiceContext, id: string): Promise<SessionRow> {
  const row = await findSession(ctx.db, id)
  if (!row) throw noSuchSession()
  if (!(await isSessionStaff(ctx.db, ctx.actor, row))) throw notStaffProblem(ctx.actor)
  return row
}

async function reload(db: Db, id: string): Promise<SessionRow> {
  const row = await findSession(db, id)
  if (!row) throw noSuchSession()
  return row
}

/** Schedules a session of a course's webinar step, for one cluster or open to all its learners. */
export async function createSession(
  ctx: ServiceContext,
  slug: string,
  body: CreateWebinarBody,
  now: Date,
): Promise<WebinarSession> {
  const { db, actor } = ctx
  const version = await publishedVersion(db, slug)
  if (!(await isSessionStaff(db, actor, { courseId: version.courseId, clusterId: body.clusterId })))
    throw hasRole(actor, 'admin', 'trainer', 'coordinator')
      ? Problem.forbidden('You may not schedule webinars for this course or cluster.')
      : Problem.notFound('No such published course.')
  const errors: FieldError[] = []
  const step = version.steps.find((s) => s.slug === body.step)
  if (step?.kind !== 'webinar')
    errors.push({
      pointer: '/body/step',
      reason: 'unknown-reference',
      detail: "is not a webinar step of the course's published version",
    })
  if (body.clusterId && !(await clusterOffersCourse(db, body.clusterId, version.courseId)))
    errors.push({
      pointer: '/body/clusterId',
      reason: 'unknown-reference',
      detail: 'no such cluster offering this course',
    })
  const startsAt = startOf(body.start, body.timeZone, now, errors)
  if (errors.length > 0 || !startsAt) throw Problem.validation(errors)
  const id = await insertSession(db, {
    courseId: version.courseId,
    step: body.step,
    clusterId: body.clusterId,
    title: body.title,
    agenda: body.agenda,
    startsAt,
    durationMinutes: body.durationMinutes,
    timeZone: canonicalZone(body.timeZone)!,
    joinUrl: body.joinUrl,
    capacity: body.capacity,
    language: body.language,
    organiserId: actor.id,
    checkInCode: newCheckInCode(),
  })
  return viewSession(await reload(db, id))
}

/** The sessions of a course that the actor is staff of, upcoming first (past ones on request). */
export async function listSessionsOfCourse(
  ctx: ServiceContext,
  slug: string,
  query: ListCourseWebinarsQuery,
  now: Date,
): Promise<WebinarSessionList> {
  const courseId = await courseIdOf(ctx.db, slug)
  if (!courseId) throw Problem.notFound('No such course.')
  const rows = await listCourseSessions(ctx.db, courseId, {
    step: query.step,
    clusterId: query.clusterId,
    endedAfter: query.include === 'past' ? null : now,
  })
  // Upcoming (and running) first by start; past ones after, the latest first.
  const upcoming = rows.filter((row) => endOf(row) > now)
  const past = rows.filter((row) => endOf(row) <= now).reverse()
  const items: WebinarSession[] = []
  const reach = new Map<string, boolean>()
  for (const row of [...upcoming, ...past]) {
    const key = row.clusterId ?? ''
    let staff = reach.get(key)
    if (staff === undefined) {
      staff = await isSessionStaff(ctx.db, ctx.actor, row)
      reach.set(key, staff)
    }
    if (staff) items.push(viewSession(row))
  }
  return { items, steps: await webinarStepsOf(ctx.db, slug, query.lang) }
}

/**
 * The webinar steps of a course's current published version (none when it is not published),
 * titled in `lang` when the course has a text for the step in it.
 */
async function webinarStepsOf(db: Db, slug: string, lang: string | undefined) {
  let version
  try {
    version = await publishedVersion(db, slug)
  } catch (error) {
    if (error instanceof Problem && error.status === 404) return []
    throw error
  }
  const steps: WebinarStep[] = []
  for (const step of version.steps) {
    if (step.kind !== 'webinar') continue
    const document =
      lang && version.languages.includes(lang)
        ? await loadStepDocument(db, version.id, lang, step.slug)
        : null
    steps.push({
      slug: step.slug,
      title: document?.title ?? null,
      alternative: step.alternative ?? null,
    })
  }
  return steps
}

/** Changes a session; its sequence rises and every registered learner gets the updated invitation. */
export async function changeSession(
  ctx: ServiceContext,
  settings: CalendarSettings,
  id: string,
  body: UpdateWebinarBody,
  now: Date,
): Promise<WebinarSession> {
  await loadSessionForStaff(ctx, id)
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await lockSession(trx, id))) throw noSuchSession()
    const row = await reload(trx, id)
    if (row.status === 'cancelled')
      throw new Problem(409, 'conflict', 'Session cancelled', 'A cancelled session cannot change.')
    if (hasStarted(row, now))
      throw new Problem(409, 'conflict', 'Session started', 'A session cannot change once started.')
    const errors: FieldError[] = []
    let startsAt: Date | undefined
    if (body.start !== undefined || body.timeZone !== undefined) {
      const zone = body.timeZone ?? row.timeZone
      const local = body.start ?? localTimeOf(new Date(row.startsAt), row.timeZone)
      startsAt = startOf(local, zone, now, errors)
    }
    const registered = Number(row.registered ?? 0)
    if (body.capacity !== undefined && body.capacity !== null && body.capacity < registered)
      errors.push({
        pointer: '/body/capacity',
        reason: 'too-small',
        detail: `${registered} learners are registered already`,
      })
    if (errors.length > 0) throw Problem.validation(errors)
    await updateSession(trx, id, {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.agenda !== undefined ? { agenda: body.agenda } : {}),
      ...(startsAt ? { startsAt } : {}),
      ...(body.timeZone !== undefined ? { timeZone: canonicalZone(body.timeZone)! } : {}),
      ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
      ...(body.joinUrl !== undefined ? { joinUrl: body.joinUrl } : {}),
      ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
      ...(body.language !== undefined ? { language: body.language } : {}),
      // A new start is a new day to remind of.
      ...(startsAt ? { reminderSentAt: null } : {}),
    })
    const changed = await reload(trx, id)
    for (const attendee of await listAttendees(trx, id))
      await mailAttendee(
        trx,
        settings,
        'webinar-update',
        changed,
        attendee,
        attendee.calendarSequence,
        now,
      )
    return viewSession(changed)
  })
}

/** Cancels a session: every registered learner gets METHOD:CANCEL; audited. */
export async function cancelSession(
  ctx: ServiceContext,
  settings: CalendarSettings,
  id: string,
  body: CancelWebinarBody,
  now: Date,
): Promise<WebinarSession> {
  await loadSessionForStaff(ctx, id)
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await lockSession(trx, id))) throw noSuchSession()
    const row = await reload(trx, id)
    if (row.status === 'cancelled')
      throw new Problem(409, 'conflict', 'Session cancelled', 'The session is cancelled already.')
    if (endOf(row) <= now)
      throw new Problem(
        409,
        'conflict',
        'Session over',
        'A session that has ended cannot be cancelled.',
      )
    await updateSession(trx, id, { status: 'cancelled', cancelledAt: now })
    const cancelled = await reload(trx, id)
    for (const attendee of await listAttendees(trx, id))
      await mailAttendee(
        trx,
        settings,
        'webinar-cancelled',
        cancelled,
        attendee,
        attendee.calendarSequence,
        now,
        body.reason,
      )
    await recordAudit(trx, {
      action: 'webinar.cancelled',
      actorId: ctx.actor.id,
      subject: id,
      ip: ctx.ip,
      details: { reason: body.reason, registered: Number(cancelled.registered ?? 0) },
    })
    return viewSession(cancelled)
  })
}

/** The recording link, once the session has started; registered learners see it then. */
export async function setRecording(
  ctx: ServiceContext,
  id: string,
  url: string,
  now: Date,
): Promise<WebinarSession> {
  const row = await loadSessionForStaff(ctx, id)
  if (row.status === 'cancelled')
    throw new Problem(409, 'conflict', 'Session cancelled', 'A cancelled session has no recording.')
  if (!hasStarted(row, now))
    throw new Problem(
      409,
      'conflict',
      'Session not started',
      'A recording link can be added once the session has started.',
    )
  await updateRecording(ctx.db, id, url)
  return viewSession(await reload(ctx.db, id))
}

/** Who registered for a session (and who left), for its staff. */
export async function sessionRegistrations(
  ctx: ServiceContext,
  id: string,
): Promise<WebinarRegistrations> {
  await loadSessionForStaff(ctx, id)
  const rows = await listRegistrations(ctx.db, id)
  return {
    items: rows.map((row) => ({
      userId: row.userId,
      name: row.name,
      email: row.email,
      municipality: row.municipality ?? null,
      status: row.status,
      registeredAt: new Date(row.registeredAt).toISOString(),
    })),
  }
}
