// One session's .ics for download: a registered learner's invitation (as last mailed), or the
// session as it stands for its staff.
import type { ServiceContext } from '../http/context.ts'
import { isSessionStaff, noSuchSession } from './access.ts'
import { type CalendarSettings, writeCalendar } from './calendar.ts'
import { calendarSessionOf } from './invitations.ts'
import { findPerson, findRegistration, findSession } from './queries.ts'

export async function calendarOfSession(
  ctx: ServiceContext,
  settings: CalendarSettings,
  id: string,
  now: Date,
): Promise<string> {
  const row = await findSession(ctx.db, id)
  if (!row) throw noSuchSession()
  const registration = await findRegistration(ctx.db, id, ctx.actor.id)
  const session = calendarSessionOf(row)
  if (registration?.status === 'registered') {
    const person = await findPerson(ctx.db, ctx.actor.id)
    const method = row.status === 'cancelled' ? 'CANCEL' : 'REQUEST'
    return writeCalendar(
      [{ session, calendarSequence: registration.calendarSequence }],
      method,
      settings,
      { ...(person ? { attendee: { name: person.name, email: person.email } } : {}), now },
    )
  }
  if (!(await isSessionStaff(ctx.db, ctx.actor, row))) throw noSuchSession()
  return writeCalendar([{ session, calendarSequence: 0 }], 'PUBLISH', settings, { now })
}
