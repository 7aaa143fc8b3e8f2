import { getLocale, type Locale } from '$lib/paraglide/runtime'

/** Each UI language named in itself, so a reader finds their own language whatever is shown. */
export const localeNames: Record<Locale, string> = {
  en: 'English',
  'sr-Latn': 'Srpski (latinica)',
}

// Intl formatters are costly to build and safe to share across requests.
const displayNames = new Map<string, Intl.DisplayNames>()
const listFormats = new Map<string, Intl.ListFormat>()

function cached<T>(cache: Map<string, T>, locale: string, create: () => T): T {
  let value = cache.get(locale)
  if (!value) cache.set(locale, (value = create()))
  return value
}

/** Names of course languages in the reader's UI language, e.g. "sr-Latn" → "Serbian (Latin)". */
export function languageName(tag: string, locale: string = getLocale()): string {
  try {
    return (
      cached(displayNames, locale, () => new Intl.DisplayNames([locale], { type: 'language' })).of(
        tag,
      ) ?? tag
    )
  } catch {
    return tag
  }
}

export function listFormat(items: string[], locale: string = getLocale()): string {
  return cached(
    listFormats,
    locale,
    () => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }),
  ).format(items)
}

const unitFormats = new Map<string, Intl.NumberFormat>()

function formatUnit(
  value: number,
  unit: 'hour' | 'minute',
  unitDisplay: 'long' | 'short',
  locale: string,
): string {
  return cached(
    unitFormats,
    `${locale} ${unit} ${unitDisplay}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay }),
  ).format(value)
}

/** Hours as the reader's language says them, its plural rules included: "3.5 hours", "4 sata". */
export function formatHours(hours: number, locale: string = getLocale()): string {
  return formatUnit(hours, 'hour', 'long', locale)
}

/** Minutes, short: "50 min". */
export function formatMinutes(minutes: number, locale: string = getLocale()): string {
  return formatUnit(minutes, 'minute', 'short', locale)
}
