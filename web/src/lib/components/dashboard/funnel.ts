import type { CourseFunnel, FunnelRow } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

/** One column of a course's funnel: what it counts, and its count in a row of the funnel. */
export interface FunnelColumn {
  key: string
  label: string
  count: (row: FunnelRow) => number
}

/**
 * The funnel's columns in the course's order: enrolled, then for each module read and passed,
 * for the webinar attended or excused, for the survey evaluated, and completed last.
 */
export function funnelColumns(course: Pick<CourseFunnel, 'steps'>): FunnelColumn[] {
  const columns: FunnelColumn[] = [
    { key: 'enrolled', label: m.dashboard_funnel_enrolled(), count: (row) => row.enrolled },
  ]
  const of = (row: FunnelRow, step: string) => row.steps.find((counts) => counts.step === step)
  for (const { step, kind, title } of course.steps) {
    if (kind === 'module') {
      columns.push(
        {
          key: `${step}:read`,
          label: m.dashboard_funnel_read({ title }),
          count: (row) => of(row, step)?.read ?? 0,
        },
        {
          key: `${step}:passed`,
          label: m.dashboard_funnel_passed({ title }),
          count: (row) => of(row, step)?.passed ?? 0,
        },
      )
    } else if (kind === 'webinar') {
      columns.push({
        key: `${step}:webinar`,
        label: m.dashboard_funnel_webinar({ title }),
        count: (row) => (of(row, step)?.attended ?? 0) + (of(row, step)?.excused ?? 0),
      })
    } else {
      columns.push({
        key: `${step}:evaluated`,
        label: m.dashboard_funnel_evaluated({ title }),
        count: (row) => of(row, step)?.evaluated ?? 0,
      })
    }
  }
  columns.push({
    key: 'completed',
    label: m.dashboard_funnel_completed(),
    count: (row) => row.completed,
  })
  return columns
}

/** A funnel row as the bars of a chart, one per column. */
export function funnelBars(columns: FunnelColumn[], row: FunnelRow) {
  return columns.map((column) => ({ label: column.label, value: column.count(row) }))
}
