// A table to export: column headers and rows of cells, and the rules both formats share.

/** A cell: text, a number, a moment (written in UTC), or nothing. */
export type Cell = string | number | Date | null

export interface Column {
  header: string
  /** How a Date in this column is written: the day only, or day and time (default), in UTC. */
  dates?: 'day' | 'date-time'
}

export interface Table {
  /** The sheet's name in XLSX (cut to what spreadsheets allow). */
  title: string
  columns: Column[]
  rows: Cell[][]
}

/** The most characters a spreadsheet cell holds (Excel's limit); longer text is cut. */
export const maxCellLength = 32_767

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): `=`, `+`,
 * `-`, `@`, and a tab or carriage return before them. Text starting with one gets a single quote
 * in front, in CSV and XLSX alike, so the value shown is the same in both and stays inert when
 * the sheet is saved again as CSV. Numbers are never text, so a negative number stays a number.
 */
const formulaStart = /^[=+\-@\t\r]/

export function neutralise(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text
}

// C0 controls other than tab and line breaks, U+FFFE/U+FFFF and lone surrogates: XML 1.0 cannot
// carry them (an XLSX holding one does not open) and no reader wants them in a CSV either.
const unwritable =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** A text cell as both formats write it: writable characters, at most the limit, neutralised. */
export function textCell(text: string): string {
  const clean = text.replace(unwritable, '\uFFFD')
  return neutralise(clean.length > maxCellLength ? clean.slice(0, maxCellLength) : clean).slice(
    0,
    maxCellLength,
  )
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A Date as text in UTC: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`, which spreadsheets read as dates. */
export function dateText(date: Date, dates: Column['dates']): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
  if (dates === 'day') return day
  return `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
}

/** Checks the table's shape once, before either format writes it; a mistake is the caller's. */
export function checkTable(table: Table): void {
  table.rows.forEach((row, index) => {
    if (row.length !== table.columns.length)
      throw new TypeError(
        `row ${index + 1} has ${row.length} cells for ${table.columns.length} columns`,
      )
    for (const cell of row) {
      if (typeof cell === 'number' && !Number.isFinite(cell))
        throw new TypeError(`row ${index + 1}: a number cell must be finite, not ${cell}`)
      if (cell instanceof Date && Number.isNaN(cell.getTime()))
        throw new TypeError(`row ${index + 1}: an invalid date`)
    }
  })
}
