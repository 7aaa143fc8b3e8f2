import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isConnectionLost } from '../db/connection-lost.ts'
import {
  type FieldError,
  type FieldReason,
  Problem,
  type ProblemType,
  problemBody,
  problemContentType,
} from './problem.ts'
import { textFormatDetails } from './schemas.ts'

type AjvError = {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}

const contextPrefix: Record<string, string> = {
  body: '/body',
  querystring: '/query',
  params: '/params',
  headers: '/headers',
}

const reasonOfKeyword: Record<string, FieldReason> = {
  required: 'required',
  additionalProperties: 'unknown-field',
  type: 'type',
  anyOf: 'type',
  oneOf: 'type',
  minLength: 'too-short',
  minItems: 'too-short',
  minProperties: 'too-short',
  maxLength: 'too-long',
  maxItems: 'too-long',
  maxProperties: 'too-long',
  minimum: 'too-small',
  exclusiveMinimum: 'too-small',
  maximum: 'too-large',
  exclusiveMaximum: 'too-large',
  format: 'format',
  pattern: 'format',
  enum: 'not-allowed',
  const: 'not-allowed',
}

/** The text rules' format, when this error is one of theirs (http/schemas.ts). */
function textFormatDetail(error: AjvError): string | undefined {
  const format = String(error.params.format)
  return error.keyword === 'format' && Object.hasOwn(textFormatDetails, format)
    ? textFormatDetails[format]
    : undefined
}

/** The reason of one Ajv error; the user-text rules (http/schemas.ts) report as `invalid-text`. */
function reasonOf(error: AjvError): FieldReason {
  if (textFormatDetail(error)) return 'invalid-text'
  return reasonOfKeyword[error.keyword] ?? 'invalid'
}

export function fieldErrors(validation: AjvError[], context: string): FieldError[] {
  return validation.map((error) => {
    let pointer = `${contextPrefix[context] ?? `/${context}`}${error.instancePath}`
    let detail = error.message ?? 'is invalid'
    if (error.keyword === 'required') {
      pointer += `/${String(error.params.missingProperty)}`
      detail = 'is required'
    } else if (error.keyword === 'additionalProperties') {
      pointer += `/${String(error.params.additionalProperty)}`
      detail = 'is not an allowed field'
    } else if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
      detail = `must be one of: ${error.params.allowedValues.join(', ')}`
    } else if (textFormatDetail(error)) {
      detail = textFormatDetail(error)!
    }
    return { pointer, reason: reasonOf(error), detail }
  })
}

/** Fastify and plugin errors under 500 keep their status; each maps to a stable problem type. */
function problemFromFastifyError(error: FastifyError): Problem {
  const status = error.statusCode ?? 500
  if (error.validation) {
    return Problem.validation(
      fieldErrors(error.validation as AjvError[], error.validationContext ?? 'body'),
    )
  }
  if (status >= 500) return new Problem(500, 'internal', 'Internal server error')
  const byStatus: Record<number, [ProblemType, string]> = {
    401: ['unauthorized', 'Authentication required'],
    403: ['forbidden', 'Forbidden'],
    404: ['not-found', 'Not found'],
    405: ['method-not-allowed', 'Method not allowed'],
    409: ['conflict', 'Conflict'],
    413: ['payload-too-large', 'Request body too large'],
    415: ['unsupported-media-type', 'Unsupported media type'],
    429: ['rate-limited', 'Too many requests'],
  }
  const [type, title] = byStatus[status] ?? ['bad-request', 'Bad request']
  return new Problem(
    status,
    type,
    title,
    error.message,
    status === 429 ? rateLimitExtensions(error) : {},
  )
}

function rateLimitExtensions(error: FastifyError): Record<string, unknown> {
  const ttl = (error as FastifyError & { retryAfter?: number }).retryAfter
  return typeof ttl === 'number' ? { retryAfter: ttl } : {}
}

/** Seconds a client waits before retrying while the database is out of reach. */
export const databaseRetryAfterSeconds = 5

/** A request that failed because the database dropped or refused its connection: retry later. */
export function databaseUnavailable(): Problem {
  return new Problem(
    503,
    'unavailable',
    'Service unavailable',
    'The database cannot be reached right now.',
    { retryAfter: databaseRetryAfterSeconds },
  )
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  const retryAfter = problem.extensions.retryAfter
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter))
  return reply
    .code(problem.status)
    .type(problemContentType)
    .send(problemBody(problem, reply.request.id))
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError | Problem, request: FastifyRequest, reply: FastifyReply) => {
      if (!(error instanceof Problem) && isConnectionLost(error)) {
        request.log.warn({ err: error }, 'database unavailable')
        return sendProblem(reply, databaseUnavailable())
      }
      const problem = error instanceof Problem ? error : problemFromFastifyError(error)
      if (problem.status >= 500) {
        request.log.error({ err: error }, 'request failed')
      } else {
        request.log.info({ problem: problem.type, status: problem.status }, problem.title)
      }
      return sendProblem(reply, problem)
    },
  )
}

export function notFoundProblem(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(
    reply,
    Problem.notFound(`No route for ${request.method} ${request.url.split('?')[0]}`),
  )
}

/**
 * Errors of Node's HTTP parser, before Fastify sees a request (Fastify's `clientErrorHandler`):
 * answered as problem+json like everything else, then the connection is closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, type, title]: [number, ProblemType, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers-too-large', 'Request header fields too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request-timeout', 'Request timeout']
        : [400, 'bad-request', 'Bad request']
  const body = JSON.stringify({ type: `/problems/${type}`, title, status })
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${problemContentType}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy(error)
}

/**
 * While the server drains (after close() began), requests still arriving on open connections get a
 * 503 problem instead of Fastify's own plain JSON (`return503OnClosing: false` in serverOptions).
 */
export function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', (done) => {
    closing = true
    done()
  })
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done()
    reply.header('connection', 'close')
    done(new Problem(503, 'unavailable', 'Service unavailable', 'The server is shutting down.'))
  })
}
