// What every export test checks of a download, read back by libraries other than the writer:
// csv-parse for CSV; read-excel-file (its own unzip and XML parser) for XLSX values, and the raw
// sheet XML (fflate) for what a cell holds.
import { parse } from 'csv-parse/sync'
import { strFromU8, unzipSync } from 'fflate'
import type { FastifyInstance } from 'fastify'
import readXlsxFile from 'read-excel-file/node'
import { expect } from 'vitest'
import { bearer, type TestUser, tokenFor } from './factories.ts'

interface Download {
  statusCode: number
  body: string
  headers: Record<string, unknown>
  rawPayload: Buffer
}

export const download = (app: FastifyInstance, user: TestUser, url: string) =>
  app.inject({ method: 'GET', url, headers: bearer(tokenFor(app, user)) })

function expectAttachment(response: Download, type: string, filename?: string) {
  expect(response.statusCode, response.body).toBe(200)
  expect(response.headers['content-type']).toBe(type)
  if (filename)
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${filename}"`)
  expect(response.headers['cache-control']).toBe('no-store')
}

/** A CSV download: UTF-8 with a BOM, an attachment, not cached; its rows as text. */
export function csvRows(response: Download, filename?: string): string[][] {
  expectAttachment(response, 'text/csv; charset=utf-8', filename)
  expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  return parse(response.rawPayload.toString('utf8'), { bom: true }) as string[][]
}

/**
 * An XLSX download, an attachment, not cached, with no formula in any cell: its one sheet's name,
 * rows, and the XML of its cells and shared strings.
 */
export async function xlsxSheet(response: Download, filename?: string) {
  expectAttachment(
    response,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename,
  )
  const [sheet, ...others] = await readXlsxFile(response.rawPayload)
  expect(others).toEqual([])
  const files = unzipSync(new Uint8Array(response.rawPayload))
  const cells = strFromU8(files['xl/worksheets/sheet1.xml']!)
  expect(cells).toContain('<sheetData>')
  expect(cells).not.toMatch(/<f[\s>/]/)
  const strings = files['xl/sharedStrings.xml'] ? strFromU8(files['xl/sharedStrings.xml']) : ''
  return { name: sheet!.sheet, rows: sheet!.data, xml: `${cells}\n${strings}` }
}

/** Both formats of an export: another association's coordinator finds nothing, `refused` gets 403. */
export async function expectExportScoped(
  app: FastifyInstance,
  path: string,
  people: { otherCoordinator: TestUser; refused: TestUser },
) {
  for (const format of ['csv', 'xlsx']) {
    const url = `${path}.${format}`
    const hidden = await download(app, people.otherCoordinator, url)
    expect(hidden.statusCode, url).toBe(404)
    expect(hidden.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect((await download(app, people.refused, url)).statusCode, url).toBe(403)
    expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401)
  }
}
