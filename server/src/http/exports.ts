// Export downloads: a table as CSV or XLSX, with the headers every download needs. Features build
// the table (their columns, their scope); this file only answers with it.
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import Type, { type TSchema } from 'typebox'
import { type Table, toCsv, toXlsx } from '../tabular/index.ts'
import { actorOf } from './auth.ts'
import { ProblemSchema } from './problem.ts'
import { LanguageTagSchema } from './schemas.ts'

export const exportFormats = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof exportFormats)[number]

export const exportMediaTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/**
 * A file name safe in any browser and file system: letters without their marks (đ as dj), digits,
 * dots, dashes and underscores; anything else becomes a dash. Kept short.
 */
export function safeFilename(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (letter) => (letter === 'đ' ? 'dj' : 'Dj'))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
  return ascii.slice(0, 120) || 'export'
}

/** `Content-Disposition` of a download: always an attachment, never shown in the browser. */
export function attachment(filename: string): string {
  return `attachment; filename="${safeFilename(filename)}"`
}

/** Answers with the table as a file: the media type, a download name, nothing cached. */
export async function sendTable(
  reply: FastifyReply,
  format: ExportFormat,
  basename: string,
  table: Table,
): Promise<FastifyReply> {
  const bytes = format === 'csv' ? toCsv(table) : await toXlsx(table)
  return reply
    .type(exportMediaTypes[format])
    .header('content-disposition', attachment(`${basename}.${format}`))
    .header('cache-control', 'no-store')
    .send(bytes)
}

interface TableExportRoute<Params> {
  /** The path without its extension: `/learning-clusters/:id/exports/members`. */
  url: string
  onRequest: onRequestHookHandler
  tags: string[]
  summary: string
  params: TSchema
  /**
   * The table and the download's name without extension, its headers and words in `lang` (from
   * `?lang=`, else English); the feature checks scope here.
   */
  load: (
    request: FastifyRequest<{ Params: Params }>,
    lang: string | undefined,
  ) => Promise<{ basename: string; table: Table }>
}

/**
 * Downloads a person may ask for in a minute, per export and format. An XLSX of 10,000 rows takes
 * about half a second of the event loop (exceljs writes in memory), so a loop of them would stall
 * every other request of the process.
 */
export const exportsPerMinute = 30

const ExportQuery = Type.Object(
  {
    // The headers and words in Serbian (sr-Latn, sr-Cyrl); any other language gets English.
    lang: Type.Optional(LanguageTagSchema),
  },
  { additionalProperties: false },
)

/** Registers `<url>.csv` and `<url>.xlsx`, documented with their media types, rate-limited per person. */
export function registerTableExport<Params>(
  app: FastifyInstance,
  route: TableExportRoute<Params>,
): void {
  for (const format of exportFormats) {
    const mediaType = exportMediaTypes[format].split(';')[0]!
    app.get<{ Params: Params; Querystring: { lang?: string } }>(
      `${route.url}.${format}`,
      {
        onRequest: route.onRequest,
        // Per person, not per address (an association's office shares one): counted after the guard.
        config: {
          rateLimit: {
            max: exportsPerMinute,
            timeWindow: 60_000,
            hook: 'preHandler',
            keyGenerator: (request: FastifyRequest) => `export:${actorOf(request).id}`,
          },
        },
        schema: {
          tags: route.tags,
          summary: `${route.summary} (${format.toUpperCase()})`,
          params: route.params,
          querystring: ExportQuery,
          response: {
            200: {
              description: `${format.toUpperCase()} file, sent as an attachment`,
              content: {
                [mediaType]: {
                  schema:
                    format === 'csv' ? { type: 'string' } : { type: 'string', format: 'binary' },
                },
              },
            },
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            404: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const { basename, table } = await route.load(request, request.query.lang)
        return sendTable(reply, format, basename, table)
      },
    )
  }
}
