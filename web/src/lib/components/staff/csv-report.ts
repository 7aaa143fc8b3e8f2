import type { ImportReport } from '@agora/server/contract'

/**
 * A row of a CSV dry run or import as the report table shows it: labelled by e-mail or name, its
 * refused cells already in the reader's words.
 */
export type CsvReportRow = Omit<ImportReport['rows'][number], 'name' | 'errors'> & {
  label: string
  errors: string[]
}

/** The answer of a CSV dry run or import (organisations or invitations), ready for the table. */
export type CsvReport = Omit<ImportReport, 'rows'> & { rows: CsvReportRow[] }
