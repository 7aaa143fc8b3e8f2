import { getLocale, type Locale } from '$lib/paraglide/runtime'

/** Each UI language named in itself, so a reader finds their own language whatever is shown. */
export const localeNames: Record<Locale, string> = {
  en: 'English',
  'sr-Latn': 'Srpski (latinica)',
}

/** Names of course languages in the reader's UI language, e.g. "sr-Latn" → "Serbian (Latin)". */
export function languageName(tag: string, locale: string = getLocale()): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag
  } catch {
    return tag
  }
}

export function listFormat(items: string[], locale: string = getLocale()): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items)
}
