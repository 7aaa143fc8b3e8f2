// A call's deadline is written as a local date and time in the call's time zone, and stored as the
// UTC instant it names. Pure: Intl knows every IANA zone and its offsets; only the step from a local
// time to an instant needs care, at the two daylight-saving changes of a year.

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/
const minute = 60_000
const day = 24 * 60 * minute

const formats = new Map<string, Intl.DateTimeFormat>()

/** The formatter of a zone, or undefined when the zone is unknown to Intl. */
function formatOf(timeZone: string): Intl.DateTimeFormat | undefined {
  let format = formats.get(timeZone)
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
    } catch {
      return undefined
    }
    formats.set(timeZone, format)
  }
  return format
}

/**
 * The IANA name of a zone as Intl spells it, or undefined when it is unknown. Offsets and
 * abbreviations ("+01:00", "CET") are refused: a deadline needs a zone's rules, not one offset.
 */
export function canonicalTimeZone(timeZone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return undefined
  if (!timeZone.includes('/') && timeZone.toUpperCase() !== 'UTC') return undefined
  return formatOf(timeZone)?.resolvedOptions().timeZone
}

/** Wall-clock fields of an instant in a zone, as milliseconds of a UTC calendar (no offset). */
function wallClock(format: Intl.DateTimeFormat, instant: number): number {
  const parts: Record<string, number> = {}
  for (const part of format.formatToParts(new Date(instant)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  return Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  )
}

/** The zone's offset from UTC at an instant, in milliseconds (Belgrade in summer: +2 h). */
function offsetAt(format: Intl.DateTimeFormat, instant: number): number {
  return wallClock(format, Math.floor(instant / 1000) * 1000) - Math.floor(instant / 1000) * 1000
}

export type LocalTimeResult =
  | { ok: true; instant: Date; ambiguous: boolean }
  | { ok: false; reason: 'format' | 'unknown-zone' | 'nonexistent' }

/**
 * The instant a local date and time (`YYYY-MM-DDTHH:mm`) names in a zone. A time that the clocks
 * skip (the spring change, e.g. 02:30 on the last Sunday of March in Europe/Belgrade) names no
 * instant and is refused. A time that happens twice (the autumn change, 02:30 on the last Sunday
 * of October) names the earlier of the two instants, the one still in summer time: a deadline
 * never moves later than the first time the clock shows it.
 */
export function instantOfLocalTime(local: string, timeZone: string): LocalTimeResult {
  const match = localPattern.exec(local)
  if (!match) return { ok: false, reason: 'format' }
  const [, year, month, dayOfMonth, hour, minutes] = match.map(Number)
  const wall = Date.UTC(year!, month! - 1, dayOfMonth!, hour!, minutes!)
  const check = new Date(wall)
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month! - 1 ||
    check.getUTCDate() !== dayOfMonth ||
    hour! > 23 ||
    minutes! > 59
  )
    return { ok: false, reason: 'format' }
  const format = formatOf(timeZone)
  if (!format || !canonicalTimeZone(timeZone)) return { ok: false, reason: 'unknown-zone' }
  // A zone changes its offset at most once within a day on either side of any wall time, so the
  // offsets a day before and after are the only candidates; each is right if the instant it gives
  // shows this wall time.
  const offsets = new Set([offsetAt(format, wall - day), offsetAt(format, wall + day)])
  const instants = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => wallClock(format, instant) === wall)
    .sort((a, b) => a - b)
  if (instants.length === 0) return { ok: false, reason: 'nonexistent' }
  return { ok: true, instant: new Date(instants[0]!), ambiguous: instants.length > 1 }
}

/** An instant as the local date and time (`YYYY-MM-DDTHH:mm`) a zone's clocks show. */
export function localTimeOf(instant: Date, timeZone: string): string {
  const format = formatOf(timeZone)
  if (!format) throw new RangeError(`unknown time zone ${timeZone}`)
  return new Date(wallClock(format, instant.getTime())).toISOString().slice(0, 16)
}

/**
 * When a call stops taking applications: the end of its deadline's minute. "Until 23:59" takes
 * an application sent at 23:59:30; one at 00:00 of the next day is late.
 */
export function closingInstant(deadline: Date): Date {
  return new Date(deadline.getTime() + minute)
}
