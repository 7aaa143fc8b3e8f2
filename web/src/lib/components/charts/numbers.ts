import { getLocale } from '$lib/paraglide/runtime'

// Intl formatters are costly to build and safe to share across requests.
const formats = new Map<string, Intl.NumberFormat>()

function format(locale: string, style: 'decimal' | 'percent'): Intl.NumberFormat {
  const key = `${locale}|${style}`
  let value = formats.get(key)
  if (!value)
    formats.set(key, (value = new Intl.NumberFormat(locale, { style, maximumFractionDigits: 1 })))
  return value
}

/** A count or a mean in the reader's language: "1,234" in English, "1.234" in Serbian. */
export function formatNumber(value: number, locale: string = getLocale()): string {
  return format(locale, 'decimal').format(value)
}

/** A share from 0 to 1 as a percentage in the reader's language: "42.5%", "42,5 %". */
export function formatShare(value: number, locale: string = getLocale()): string {
  return format(locale, 'percent').format(value)
}

/** `part` of `whole` as a share; nothing of nothing is 0, not NaN. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0
}

/** A label cut to fit one line of a chart at 320 px; the table beside the chart keeps it whole. */
export function shortLabel(label: string, length = 34): string {
  return label.length > length ? `${label.slice(0, length - 1).trimEnd()}…` : label
}
