import type { Municipality } from '@agora/server/contract'
import { getLocale } from '$lib/paraglide/runtime'

// Intl formatters are costly to build and safe to share across requests.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(
  locale: string,
  timeZone: string | undefined,
  withTime: boolean,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}|${withTime}`
  let format = formatters.get(key)
  if (!format) {
    const options: Intl.DateTimeFormatOptions = withTime
      ? { dateStyle: 'medium', timeStyle: 'short', timeZone }
      : { dateStyle: 'medium', timeZone }
    try {
      format = new Intl.DateTimeFormat(locale, options)
    } catch {
      // An unknown time zone stored for the user must not break the page: fall back to UTC.
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' })
    }
    formatters.set(key, format)
  }
  return format
}

/** An instant from the API in the reader's time zone and UI language, e.g. "3 Mar 2026, 14:05". */
export function formatDateTime(
  iso: string,
  timeZone?: string,
  locale: string = getLocale(),
): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : formatter(locale, timeZone, true).format(date)
}

export function formatDate(iso: string, timeZone?: string, locale: string = getLocale()): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : formatter(locale, timeZone, false).format(date)
}

const regionNames = new Map<string, Intl.DisplayNames>()

/** A country's name in the UI language (ICU knows XK as Kosovo); the code itself when unknown. */
export function countryName(code: string, locale: string = getLocale()): string {
  try {
    let names = regionNames.get(locale)
    if (!names)
      regionNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region' })))
    return names.of(code) ?? code
  } catch {
    return code
  }
}

/** A municipality told apart from its namesakes: "Novi Pazar · Serbia · SKGO". */
export function describeMunicipality(municipality: Municipality): string {
  return [
    municipality.name,
    countryName(municipality.countryCode),
    municipality.association?.acronym,
  ]
    .filter(Boolean)
    .join(' · ')
}
