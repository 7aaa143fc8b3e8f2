// The reminder a day before a session, mailed once across replicas.
import type { Db } from '../db/create-db.ts'
import type { Clock } from '../http/clock.ts'
import type { CalendarSettings } from './calendar.ts'
import { mailAttendee } from './invitations.ts'
import { claimReminders, findSession, listAttendees } from './queries.ts'

const day = 24 * 60 * 60_000

/**
 * Claims the sessions starting within 24 hours that have had no reminder and queues one mail per
 * registered learner, in one transaction: the claim is one UPDATE … RETURNING, so a replica running
 * the same at the same moment waits for the row locks and then finds nothing left to claim.
 * Resolves with the number of mails queued.
 */
export async function sendWebinarReminders(
  db: Db,
  settings: CalendarSettings,
  now: Date,
): Promise<{ sessions: number; mails: number }> {
  return db.transaction().execute(async (trx) => {
    const claimed = await claimReminders(trx, now, new Date(now.getTime() + day))
    let mails = 0
    for (const { id } of claimed) {
      const row = await findSession(trx, id)
      if (!row) continue
      for (const attendee of await listAttendees(trx, id)) {
        await mailAttendee(
          trx,
          settings,
          'webinar-reminder',
          row,
          attendee,
          attendee.calendarSequence,
          now,
        )
        mails++
      }
    }
    return { sessions: claimed.length, mails }
  })
}

/** The housekeeping task that sends them, every five minutes (app.ts adds it to the scheduler). */
export function webinarReminderTask(settings: CalendarSettings, clock: Clock) {
  return {
    name: 'webinar-reminders',
    everySeconds: 5 * 60,
    run: async (db: Db) => {
      const { sessions, mails } = await sendWebinarReminders(db, settings, clock.now())
      return `${mails} reminders for ${sessions} sessions`
    },
  }
}
