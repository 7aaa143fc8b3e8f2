import { type Cell, checkTable, type Table, textCell } from './table.ts'

// exceljs writes the workbook. Text is given to it as plain strings, which it stores as shared
// strings (never `{ formula }`), so no cell of ours is a formula; text that a spreadsheet would
// run is also prefixed as in the CSV (table.ts). exceljs is loaded on the first export, so the
// server does not pay its start-up time (about 0.2 s) until someone exports.

const forbiddenInSheetName = /[\\/?*[\]:]/g

/** Excel's rules for a sheet name: at most 31 characters, none of \ / ? * [ ] :, no edge quote. */
export function sheetName(title: string): string {
  const name = textCell(title)
    .replace(forbiddenInSheetName, '-')
    .replace(/^'+|'+$/g, '')
    .slice(0, 31)
  return name.trim() === '' ? 'Sheet1' : name
}

function value(cell: Cell): string | number | Date | null {
  return typeof cell === 'string' ? textCell(cell) : cell
}

export async function toXlsx(table: Table): Promise<Buffer> {
  checkTable(table)
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Agora'
  const sheet = workbook.addWorksheet(sheetName(table.title), {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  sheet.columns = table.columns.map((column) => ({
    header: textCell(column.header),
    width: Math.min(Math.max(column.header.length + 2, 12), 60),
  }))
  sheet.getRow(1).font = { bold: true }
  for (const cells of table.rows) {
    const row = sheet.addRow(cells.map(value))
    // A moment is a number to a spreadsheet: only its format makes it a date (a date format on
    // the whole column would show the numbers beside it as dates too).
    cells.forEach((cell, i) => {
      if (cell instanceof Date)
        row.getCell(i + 1).numFmt =
          table.columns[i]!.dates === 'day' ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss'
    })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
