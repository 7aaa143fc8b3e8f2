// What webinars offer the routes and other features (attendance reads a session through
// `loadSession` and `loadSessionForStaff`). The rules live in files by noun: access.ts (who is
// staff of a session), sessions.ts (schedule, change, cancel, recording), registration.ts
// (learners register, move, leave; their lists), invitations.ts and calendar.ts (the mails and
// their RFC 5545 part), feed.ts (the personal calendar feed), reminders.ts (the scheduled task),
// views.ts (what the API shows).
import type { PersonalDataHolder } from '../identity/service.ts'
import { deleteFeed, findFeedOfPerson, listRegistrationsOfPerson } from './queries.ts'

export { isSessionStaff } from './access.ts'
export type { CalendarSettings } from './calendar.ts'
export type { SessionRow as WebinarSessionRow } from './queries.ts'
export {
  cancelSession,
  changeSession,
  createSession,
  listSessionsOfCourse,
  loadSession,
  loadSessionForStaff,
  sessionRegistrations,
  setRecording,
} from './sessions.ts'
export { endOf as sessionEnd, hasStarted as sessionHasStarted } from './views.ts'
export {
  enrolmentWebinars,
  getSession,
  isRegistered,
  myWebinars,
  register,
  unregister,
} from './registration.ts'
export { createFeed, feedCalendar, feedState, revokeFeed } from './feed.ts'
export { sendWebinarReminders, webinarReminderTask } from './reminders.ts'
export { calendarOfSession } from './ics.ts'

/**
 * A person's webinar registrations and whether they have a calendar feed, in their data export;
 * erasure revokes the feed (the registrations stay with the anonymised account, for attendance).
 */
export const webinarPersonalData: PersonalDataHolder = {
  part: 'webinars',
  collect: async (db, userId) => {
    const feed = await findFeedOfPerson(db, userId)
    return {
      registrations: await listRegistrationsOfPerson(db, userId),
      calendarFeed: feed ? { createdAt: feed.createdAt } : null,
    }
  },
  erase: deleteFeed,
}
