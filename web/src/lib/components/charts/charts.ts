/** One bar: what it counts, its value, and optionally a longer note for the table only. */
export interface Bar {
  label: string
  value: number
  note?: string
}

/** One group of a grouped chart: a value per series, in the order of the series. */
export interface BarGroup {
  label: string
  values: number[]
}

/**
 * A bar's length as a percentage of the chart's width. A value above nothing still shows a
 * sliver, so a small count is not mistaken for none (its number is written beside it anyway).
 */
export function barWidth(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0
  return Math.max(0.5, Math.min(100, (value / max) * 100))
}

/** Where bars are full: the given maximum, else the largest value (at least 1). */
export function scaleMax(values: number[], max?: number): number {
  return max ?? Math.max(1, ...values)
}
