// Sessions as RFC 5545 calendar objects, written by ical-generator with the session zone's
// VTIMEZONE from @touch4it/ical-timezones. One UID per session for every attendee and the feed;
// SEQUENCE is the session's sequence plus the attendee's registration's, so whatever an attendee's
// calendar received last outranks what it held.
import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator'
import { localTimeOf } from '../calls/service.ts'
import { endOf } from './views.ts'

export interface CalendarSettings {
  /** The public origin (https://agora.example.org): the UID's host and the links' base. */
  origin: string
  /** The From of Agora's mail ("Agora <no-reply@…>"): the organiser's address. */
  mailFrom: string
}

export interface CalendarSession {
  id: string
  title: string
  agenda: string
  startsAt: Date
  durationMinutes: number
  timeZone: string
  joinUrl: string
  status: 'scheduled' | 'cancelled'
  sequence: number
  organiserName: string | null
  courseSlug: string
  step: string
}

export interface CalendarEntry {
  session: CalendarSession
  /** The attendee's registration's calendar sequence. */
  calendarSequence: number
  /** This attendee's registration is cancelled (they left or moved): the event is cancelled for them. */
  cancelled?: boolean
}

export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH'

/** The UID of a session: the same in every invitation, update, cancellation and the feed. */
export function sessionUid(sessionId: string, origin: string): string {
  return `${sessionId}@${new URL(origin).hostname}`
}

function addressOf(from: string): { name: string; email: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from)
  return match
    ? { name: match[1] || 'Agora', email: match[2]! }
    : { name: 'Agora', email: from.trim() }
}

/**
 * The zone an event is written in, with its VTIMEZONE; null for UTC (written as UTC times, which
 * need none) and for a zone the VTIMEZONE library does not know (written in UTC, still exact).
 */
function calendarZone(timeZone: string): string | null {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return null
  return getVtimezoneComponent(timeZone) ? timeZone : null
}

/**
 * An instant as ical-generator writes a time in a zone: it takes a Date's UTC fields as the wall
 * clock of the zone it is given, so the Date passed holds the zone's wall clock in its UTC fields.
 */
function wallClockDate(instant: Date, timeZone: string): Date {
  return new Date(`${localTimeOf(instant, timeZone)}:00Z`)
}

/**
 * One calendar: a session per entry, for one attendee (an invitation, its update or cancellation)
 * or for the person's feed (PUBLISH, no method in the file).
 */
export function writeCalendar(
  entries: readonly CalendarEntry[],
  method: CalendarMethod,
  settings: CalendarSettings,
  options: { attendee?: { name: string; email: string }; name?: string; now: Date },
): string {
  const calendar = ical({
    prodId: { company: 'Agora', product: 'webinars', language: 'EN' },
    ...(method === 'PUBLISH' ? {} : { method: ICalCalendarMethod[method] }),
    ...(options.name ? { name: options.name } : {}),
  })
  // No calendar-wide zone (DTSTAMP and UTC events stay UTC, with Z); the generator writes one
  // VTIMEZONE for each zone the events name.
  calendar.timezone({ name: null, generator: getVtimezoneComponent })
  const organiser = addressOf(settings.mailFrom)
  for (const { session, calendarSequence, cancelled } of entries) {
    const isCancelled = method === 'CANCEL' || cancelled || session.status === 'cancelled'
    const link = `${settings.origin}/learn/${session.courseSlug}/${session.step}`
    const zone = calendarZone(session.timeZone)
    const end = endOf(session)
    calendar.createEvent({
      id: sessionUid(session.id, settings.origin),
      sequence: session.sequence + calendarSequence,
      stamp: options.now,
      ...(zone
        ? {
            start: wallClockDate(session.startsAt, zone),
            end: wallClockDate(end, zone),
            timezone: zone,
          }
        : { start: session.startsAt, end }),
      summary: session.title,
      description: `${session.agenda.trim()}\n\n${session.joinUrl}\n\n${link}`.trim(),
      location: session.joinUrl,
      url: session.joinUrl,
      status: isCancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: {
        name: session.organiserName ? `${session.organiserName} (Agora)` : organiser.name,
        email: organiser.email,
      },
      attendees: options.attendee
        ? [
            {
              name: options.attendee.name,
              email: options.attendee.email,
              role: ICalAttendeeRole.REQ,
              status: isCancelled ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
              rsvp: false,
            },
          ]
        : [],
    })
  }
  return calendar.toString()
}
