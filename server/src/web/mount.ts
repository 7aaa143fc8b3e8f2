import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.ts'
import { notFoundProblem } from '../http/error-handler.ts'

type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void

/** Key under which the web's server hooks find the in-process API (see web/src/hooks.server.ts). */
export const inProcessApiKey = Symbol.for('agora.api.fetch')

const protocolHeader = 'x-agora-protocol'
const hostHeader = 'x-agora-host'
const addressHeader = 'x-agora-client-address'

/**
 * Serves the SvelteKit app (adapter-node's handler) for every path that is not an API route.
 * Runs in its own plugin context so the body stream is left untouched for SvelteKit: Fastify's
 * default parsers would otherwise consume it and JSON posts to Kit endpoints would hang.
 */
export async function mountWeb(app: FastifyInstance, config: Config): Promise<void> {
  if (config.ORIGIN) {
    process.env.ORIGIN = config.ORIGIN
  } else {
    // Without ORIGIN, adapter-node assumes https and every form POST fails its CSRF check.
    // Fastify knows the real protocol and host (X-Forwarded-* count from TRUST_PROXY's proxies),
    // so it hands them over in headers of our own that a client cannot usefully forge.
    process.env.PROTOCOL_HEADER = protocolHeader
    process.env.HOST_HEADER = hostHeader
  }
  // SvelteKit's getClientAddress() then returns the address Fastify determined (TRUST_PROXY-aware);
  // the header is always overwritten below, so a client's own value never counts.
  process.env.ADDRESS_HEADER = addressHeader
  // adapter-node reads its environment when first imported, hence the late, dynamic import.
  const { handler } = (await import('@agora/web/handler')) as { handler: NodeHandler }

  ;(globalThis as Record<symbol, unknown>)[inProcessApiKey] = (
    request: Request,
    clientAddress: string | null,
  ) => injectFetch(app, request, clientAddress)

  await app.register(async (web) => {
    web.removeAllContentTypeParsers()
    web.addContentTypeParser('*', (_request, _payload, done) => done(null))
    web.setNotFoundHandler((request, reply) => {
      if (request.url === '/api' || request.url.startsWith('/api/'))
        return notFoundProblem(request, reply)
      request.raw.headers[addressHeader] = request.ip
      if (!config.ORIGIN) {
        request.raw.headers[protocolHeader] = request.protocol
        request.raw.headers[hostHeader] = request.host
      }
      // Headers set by hooks (helmet, request id) would be lost when the reply is hijacked.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) reply.raw.setHeader(name, value as string | string[])
      }
      reply.hijack()
      handler(request.raw, reply.raw, (error) => {
        if (error) request.log.error({ err: error }, 'web handler failed')
        reply.raw.statusCode = error ? 500 : 404
        reply.raw.end()
      })
    })
  })
}

/**
 * Lets server-side rendering call the API without a socket round trip. The web hands over the
 * visitor's address as Fastify determined it for the page request (web/src/hooks.server.ts); it
 * becomes the injected request's socket address, so rate limits and the audit log see the
 * visitor, not 127.0.0.1. No header carries it: X-Forwarded-* are dropped, so whatever a client
 * sent cannot count even when the visitor's own address is a trusted proxy's.
 */
export async function injectFetch(
  app: FastifyInstance,
  request: Request,
  clientAddress: string | null,
): Promise<Response> {
  const url = new URL(request.url)
  const headers = Object.fromEntries(request.headers)
  for (const name of Object.keys(headers))
    if (name.startsWith('x-forwarded-') || name === 'forwarded') delete headers[name]
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined
  const response = await app.inject({
    method: request.method as 'GET',
    url: url.pathname + url.search,
    headers,
    ...(clientAddress ? { remoteAddress: clientAddress } : {}),
    ...(body ? { payload: body } : {}),
  })
  const responseHeaders = new Headers()
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined || name === 'transfer-encoding' || name === 'connection') continue
    for (const item of Array.isArray(value) ? value : [String(value)])
      responseHeaders.append(name, item)
  }
  const nullBody = request.method === 'HEAD' || [204, 304].includes(response.statusCode)
  return new Response(nullBody ? null : response.rawPayload, {
    status: response.statusCode,
    headers: responseHeaders,
  })
}
