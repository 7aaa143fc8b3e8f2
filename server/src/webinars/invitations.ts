// The mails of a session, each with its calendar part: the invitation and its updates (REQUEST),
// the cancellation or a learner's leaving (CANCEL), the reminder (text only).
import { localise } from '../courses/service.ts'
import type { Db } from '../db/create-db.ts'
import { composeWebinarMail, enqueueMail, type WebinarMailKind } from '../mail/service.ts'
import { type CalendarSession, type CalendarSettings, writeCalendar } from './calendar.ts'
import type { SessionRow } from './queries.ts'
import { endOf } from './views.ts'

export interface Recipient {
  name: string
  email: string
  preferredLanguage: string
  timeZone: string
}

export function calendarSessionOf(row: SessionRow): CalendarSession {
  return {
    id: row.id,
    title: row.title,
    agenda: row.agenda,
    startsAt: new Date(row.startsAt),
    durationMinutes: row.durationMinutes,
    timeZone: row.timeZone,
    joinUrl: row.joinUrl,
    status: row.status,
    sequence: row.sequence,
    organiserName: row.organiserName ?? null,
    courseSlug: row.courseSlug,
    step: row.step,
  }
}

const locales: Record<string, string> = { en: 'en-GB', 'sr-Latn': 'sr-Latn-RS' }

/** A session's start and end as a zone's clocks show them, in the reader's language, with the zone. */
export function describeTime(row: SessionRow, timeZone: string, language: string): string {
  let zone = timeZone
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
  } catch {
    zone = row.timeZone
  }
  const format = new Intl.DateTimeFormat(locales[language] ?? 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: zone,
  })
  return `${format.formatRange(new Date(row.startsAt), endOf(row))} (${zone})`
}

const methodOf: Record<WebinarMailKind, 'REQUEST' | 'CANCEL' | null> = {
  'webinar-invitation': 'REQUEST',
  'webinar-update': 'REQUEST',
  'webinar-cancelled': 'CANCEL',
  'webinar-left': 'CANCEL',
  'webinar-reminder': null,
}

/** Queues one mail about a session to one person, in their language and time zone, in `db`'s transaction. */
export async function mailAttendee(
  db: Db,
  settings: CalendarSettings,
  kind: WebinarMailKind,
  row: SessionRow,
  person: Recipient,
  calendarSequence: number,
  now: Date,
  reason?: string,
): Promise<void> {
  const language = person.preferredLanguage
  // Serbian in either script reads the Serbian (Latin) mail, as the mail catalogue has it.
  const words = language.startsWith('sr') ? 'sr-Latn' : 'en'
  const readerTime = describeTime(row, person.timeZone, words)
  const sessionTime =
    person.timeZone === row.timeZone ? null : describeTime(row, row.timeZone, words)
  const mail = composeWebinarMail(kind, language, {
    name: person.name,
    title: row.title,
    course: localise(row.courseTitles, language, row.courseLanguages).title,
    readerTime,
    sessionTime,
    joinUrl: row.joinUrl,
    agenda: row.agenda,
    link: `${settings.origin}/learn/${row.courseSlug}/${row.step}`,
    ...(reason ? { reason } : {}),
  })
  const method = methodOf[kind]
  await enqueueMail(db, {
    to: person.email,
    subject: mail.subject,
    text: mail.text,
    ...(method
      ? {
          calendar: {
            method,
            content: writeCalendar(
              [{ session: calendarSessionOf(row), calendarSequence }],
              method,
              settings,
              { attendee: { name: person.name, email: person.email }, now },
            ),
          },
        }
      : {}),
  })
}
