import { deadlineIn, sameWallClock } from '$lib/calls/deadline'
import { getLocale } from '$lib/paraglide/runtime'

// A session's start told to a reader: in their own zone, and in the session's zone when the
// wall clocks differ (a learner in Stockholm joining a session planned in Belgrade sees both).

export interface SessionTime {
  /** The instant, for <time datetime>. */
  iso: string
  /** e.g. "Thursday, 12 March 2026 at 14:00" in the reader's zone. */
  when: string
  /** The reader's zone and its offset that day. */
  zone: string
  /** The same in the session's zone, when it reads differently. */
  there: { when: string; zone: string } | null
}

export function sessionTime(
  startsAt: string,
  sessionZone: string,
  readerZone: string,
  locale: string = getLocale(),
): SessionTime {
  const here = deadlineIn(startsAt, readerZone, locale)
  const differs = readerZone !== sessionZone && !sameWallClock(startsAt, readerZone, sessionZone)
  const there = differs ? deadlineIn(startsAt, sessionZone, locale) : null
  return {
    iso: here.iso,
    when: here.when,
    zone: here.zone,
    there: there ? { when: there.when, zone: there.zone } : null,
  }
}

const durations = new Map<string, Intl.NumberFormat>()

/** "90 minutes" in the reader's language. */
export function durationText(minutes: number, locale: string = getLocale()): string {
  let format = durations.get(locale)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' })
    durations.set(locale, format)
  }
  return format.format(minutes)
}

/** Whether an instant has passed (a session's start or end) at `now`. */
export function hasPassed(iso: string, now: number = Date.now()): boolean {
  const time = new Date(iso).getTime()
  return Number.isFinite(time) && time <= now
}
