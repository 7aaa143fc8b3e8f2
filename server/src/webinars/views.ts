import { localise } from '../courses/service.ts'
import { renderMarkdown } from '../course-format/markdown/index.ts'
import type { SessionRow } from './queries.ts'
import type { WebinarOffer, WebinarSession } from './schemas.ts'

const minute = 60_000

/** When a session ends: its start plus its duration. */
export function endOf(session: { startsAt: Date; durationMinutes: number }): Date {
  return new Date(new Date(session.startsAt).getTime() + session.durationMinutes * minute)
}

/** Whether a session has started by `now` (registering, moving and leaving end then). */
export function hasStarted(session: { startsAt: Date }, now: Date): boolean {
  return new Date(session.startsAt).getTime() <= now.getTime()
}

function seatsOf(row: SessionRow) {
  const registered = Number(row.registered ?? 0)
  const seatsLeft = row.capacity === null ? null : Math.max(0, row.capacity - registered)
  return { registered, seatsLeft, full: seatsLeft === 0 }
}

function commonView(row: SessionRow) {
  const { registered, seatsLeft } = seatsOf(row)
  return {
    id: row.id,
    courseSlug: row.courseSlug,
    courseTitle: localise(row.courseTitles, row.language, row.courseLanguages).title,
    step: row.step,
    clusterId: row.clusterId,
    clusterName: row.clusterName ?? null,
    title: row.title,
    agenda: row.agenda,
    agendaHtml: renderMarkdown(row.agenda),
    startsAt: new Date(row.startsAt).toISOString(),
    endsAt: endOf(row).toISOString(),
    durationMinutes: row.durationMinutes,
    timeZone: row.timeZone,
    capacity: row.capacity,
    language: row.language,
    status: row.status,
    cancelledAt: row.cancelledAt ? new Date(row.cancelledAt).toISOString() : null,
    sequence: row.sequence,
    registered,
    seatsLeft,
    organiser:
      row.organiserId && row.organiserName
        ? { id: row.organiserId, name: row.organiserName }
        : null,
  }
}

/** A session as its staff see it: everything, the check-in code included. */
export function viewSession(row: SessionRow): WebinarSession {
  return {
    ...commonView(row),
    joinUrl: row.joinUrl,
    recordingUrl: row.recordingUrl,
    checkInCode: row.checkInCode,
  }
}

/** A session as a learner sees it: the join and recording links only when registered. */
export function viewOffer(row: SessionRow, mine: boolean, now: Date): WebinarOffer {
  const { full } = seatsOf(row)
  return {
    ...commonView(row),
    joinUrl: mine ? row.joinUrl : null,
    recordingUrl: mine ? row.recordingUrl : null,
    mine,
    canRegister: !mine && row.status === 'scheduled' && !hasStarted(row, now) && !full,
    full,
  }
}
