// The personal calendar feed: a secret address (32 random bytes, stored as its SHA-256) that a
// calendar application polls for the person's registered sessions. Made anew, the old one stops.
import type { Db } from '../db/create-db.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { hashSecret, newSecret } from '../identity/service.ts'
import { type CalendarSettings, writeCalendar } from './calendar.ts'
import { calendarSessionOf } from './invitations.ts'
import {
  deleteFeed,
  findFeedByHash,
  findFeedOfPerson,
  listSessionsOfPerson,
  replaceFeed,
} from './queries.ts'
import type { CalendarFeedCreated, CalendarFeedState } from './schemas.ts'

export async function feedState(ctx: ServiceContext): Promise<CalendarFeedState> {
  const feed = await findFeedOfPerson(ctx.db, ctx.actor.id)
  return {
    active: feed !== undefined,
    createdAt: feed ? new Date(feed.createdAt).toISOString() : null,
  }
}

/** A new secret address; the only time it is shown. */
export async function createFeed(
  ctx: ServiceContext,
  settings: CalendarSettings,
  now: Date,
): Promise<CalendarFeedCreated> {
  const token = newSecret()
  const row = await ctx.db
    .transaction()
    .execute((trx) => replaceFeed(trx, ctx.actor.id, hashSecret(token), now))
  return {
    url: `${settings.origin}/api/v1/calendar-feeds/${token}.ics`,
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

export async function revokeFeed(ctx: ServiceContext): Promise<void> {
  await deleteFeed(ctx.db, ctx.actor.id)
}

/** The person's sessions (cancelled ones as STATUS:CANCELLED) for the secret; 404 for any other. */
export async function feedCalendar(
  db: Db,
  settings: CalendarSettings,
  token: string,
  now: Date,
): Promise<string> {
  const owner = await findFeedByHash(db, hashSecret(token))
  if (!owner) throw Problem.notFound('No such calendar feed.')
  const rows = await listSessionsOfPerson(db, owner.userId)
  return writeCalendar(
    rows.map((row) => ({
      session: calendarSessionOf(row),
      calendarSequence: row.calendarSequence,
    })),
    'PUBLISH',
    settings,
    { name: owner.preferredLanguage === 'sr-Latn' ? 'Agora – vebinari' : 'Agora – webinars', now },
  )
}
