// What a lost or refused database connection looks like, as pg, Node's sockets and Kysely report
// it. Such a failure says nothing about the request: the same request can succeed once the
// database is back, so it is answered 503 with Retry-After, never 500.

/** SQLSTATE: the server ended the session (shutdown, crash, pg_terminate_backend) or is starting. */
const sessionEndedCodes = new Set(['57P01', '57P02', '57P03'])

const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
])

const lostMessages = [
  // pg: the socket closed under the client ("… unexpectedly", "… due to connection timeout").
  /^Connection terminated\b/,
  // pg-pool: no pooled connection became free, nor could one be opened, in connectionTimeoutMillis.
  /^timeout exceeded when trying to connect$/,
  // pg: a query on a client whose connection already failed or was closed.
  /is not queryable$/,
  // Kysely: a connection given up after a failed rollback.
  /^Postgres connection has been discarded$/,
]

/** True when `error` (or what it wraps) means the database could not be reached or dropped us. */
export function isConnectionLost(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') {
    // Class 08 is "connection exception" (08000, 08003, 08006, 08P01, …).
    if (/^08[0-9A-Z]{3}$/.test(code) || sessionEndedCodes.has(code) || socketCodes.has(code))
      return true
  }
  if (lostMessages.some((pattern) => pattern.test(error.message))) return true
  if (error instanceof AggregateError && error.errors.some((e) => isConnectionLost(e, depth + 1)))
    return true
  return isConnectionLost(error.cause, depth + 1)
}
