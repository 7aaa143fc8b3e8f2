import { getLocale } from '$lib/paraglide/runtime'

// Intl formatters are costly to build and safe to share across requests.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`
  let format = formatters.get(key)
  if (!format) {
    const options: Intl.DateTimeFormatOptions = {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone,
    }
    try {
      format = new Intl.DateTimeFormat(locale, options)
    } catch {
      // A zone this runtime does not know must not break the page: the instant in UTC.
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' })
    }
    formatters.set(key, format)
  }
  return format
}

/** A zone's name as people read it: "Europe/Belgrade" → "Europe/Belgrade (GMT+01:00)" on that day. */
function zoneLabel(instant: Date, timeZone: string, locale: string): string {
  try {
    const offset = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value
    return offset ? `${timeZone}, ${offset}` : timeZone
  } catch {
    return timeZone
  }
}

export interface DeadlineText {
  /** The instant for a <time datetime>. */
  iso: string
  /** e.g. "Friday, 27 March 2026 at 23:59" in the zone. */
  when: string
  /** e.g. "Europe/Belgrade, GMT+01:00". */
  zone: string
}

/** A deadline in one time zone, with the zone and its offset on that day. */
export function deadlineIn(
  iso: string,
  timeZone: string,
  locale: string = getLocale(),
): DeadlineText {
  const instant = new Date(iso)
  if (Number.isNaN(instant.getTime())) return { iso, when: iso, zone: timeZone }
  return {
    iso: instant.toISOString(),
    when: formatter(locale, timeZone).format(instant),
    zone: zoneLabel(instant, timeZone, locale),
  }
}

/** Whether two zones show this instant the same way (no need to repeat it). */
export function sameWallClock(iso: string, a: string, b: string): boolean {
  return deadlineIn(iso, a, 'en').when === deadlineIn(iso, b, 'en').when
}
