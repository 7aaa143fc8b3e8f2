import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

/**
 * Helmet's headers, worked out once. @fastify/helmet builds the helmet middleware anew on every
 * request and runs it against the raw response; with CSP off (the pages set their own) and no
 * per-route options the result never changes, so helmet runs here once, against a recorder.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const recorder = {
    setHeader(name: string, value: string | number | string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()]
    },
  }
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error
    },
  )
  return headers
}

// What only matters to a document (a page): how it may open windows, refer, prefetch or be read
// by plug-ins. API answers are JSON and never rendered, so they keep the headers that guard data
// (OWASP's REST list): no sniffing, no cross-origin embedding, no framing, HTTPS only.
const documentOnly: HelmetOptions = {
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
}

/**
 * Every response gets its security headers and its request id, in one synchronous hook: the
 * document set for pages, the API docs and anything else, the shorter data set for /api/v1.
 * API answers carry tokens and personal data, so none is kept by a browser or proxy, errors
 * included (`no-store`, OWASP REST Security); a route whose answer may be kept says so itself
 * (the rendered step: `private, no-cache` with its ETag).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const forPages = Object.entries(helmetHeaders(options))
  const forApi = Object.entries({
    ...helmetHeaders({ ...options, ...documentOnly } as HelmetOptions),
    'cache-control': 'no-store',
  })
  app.addHook('onRequest', (request, reply, done) => {
    for (const [name, value] of request.url.startsWith('/api/v1/') ? forApi : forPages)
      reply.header(name, value)
    reply.header('x-request-id', request.id)
    done()
  })
}
