// Tabular exports: a table written as CSV (RFC 4180, UTF-8 with BOM, CRLF) or XLSX (exceljs),
// with formula injection neutralised the same way in both. Pure: no database, no HTTP.
export { toCsv } from './csv.ts'
export { type Label, labelIn } from './labels.ts'
export { type Cell, type Column, maxCellLength, neutralise, type Table } from './table.ts'
export { sheetName, toXlsx } from './xlsx.ts'
