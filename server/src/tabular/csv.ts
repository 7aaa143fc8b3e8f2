import { type Cell, type Column, checkTable, dateText, type Table, textCell } from './table.ts'

// RFC 4180: fields separated by commas, records by CRLF; a field holding a comma, a quote or a
// line break is quoted, its quotes doubled. UTF-8 with a byte-order mark, so Excel reads
// č, ć, đ, š, ž as they are instead of guessing a legacy code page.

const needsQuotes = /[",\r\n]/

function field(cell: Cell, column: Column): string {
  if (cell === null) return ''
  if (typeof cell === 'number') return String(cell)
  const text = cell instanceof Date ? dateText(cell, column.dates) : textCell(cell)
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function toCsv(table: Table): Buffer {
  checkTable(table)
  const { columns } = table
  const lines = [columns.map((column) => field(column.header, { header: '' }))]
  for (const row of table.rows) lines.push(row.map((cell, i) => field(cell, columns[i]!)))
  return Buffer.from(`\uFEFF${lines.map((line) => `${line.join(',')}\r\n`).join('')}`, 'utf8')
}
