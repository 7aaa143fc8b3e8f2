import { parse } from 'csv-parse/sync'

export interface CsvRow {
  /** 1-based line in the file, counting the header as line 1. */
  line: number
  values: Record<string, string>
}

/**
 * Parses CSV with a header line into trimmed string records. Throws a readable Error (with the
 * line) for malformed CSV; checking the values is the caller's job.
 */
export function parseCsv(text: string, requiredColumns: string[]): CsvRow[] {
  const records = parse(text.replace(/^\uFEFF/, ''), {
    columns: (header: string[]) => header.map((column) => column.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    info: true,
  }) as { record: Record<string, string>; info: { lines: number } }[]
  const present = records[0] ? Object.keys(records[0].record) : []
  const missing = requiredColumns.filter((column) => !present.includes(column))
  if (records.length > 0 && missing.length > 0)
    throw new Error(`line 1: missing column(s) ${missing.join(', ')}`)
  return records.map(({ record, info }) => ({ line: info.lines, values: record }))
}
