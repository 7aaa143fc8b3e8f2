import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { guardOf } from './auth.ts'
import { anyone, problemResponse, type ProblemStatus, signedIn } from './schemas.ts'

/** `GET /api/v1/courses/:slug/versions` → `getCoursesBySlugVersions`: unique per method and path. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\/?/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = segment.startsWith(':')
      const parts = segment
        .replace(/^:/, '')
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
      return (param ? ['by', ...parts] : parts).map(
        (part) => part[0]!.toUpperCase() + part.slice(1),
      )
    })
  return method.toLowerCase() + words.join('')
}

type Responses = Record<string, unknown>

function isProblemSchema(schema: unknown): boolean {
  return (schema as { $id?: unknown } | undefined)?.$id === 'Problem'
}

/**
 * What every API operation documents without each route repeating it: an `operationId`, its
 * security (from its guard: a route guarded by `requireRole` needs a bearer token, any other is
 * public and says so), 401 and 403 where the guard can answer them, 400, 413 and 415 where a body
 * is read, 400 where the path or query is checked, 429 where a rate limit applies. Every error response is `application/problem+json`
 * pointing at the one `Problem` component, also where a route wrote `ProblemSchema`.
 */
export function registerOpenApiConventions(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/v1/') || route.method === 'HEAD') return
    const schema = (route.schema ??= {}) as Record<string, unknown> & { response?: Responses }
    const method = Array.isArray(route.method) ? route.method[0]! : route.method
    schema.operationId ??= operationIdOf(method, route.url)

    const guard = guardOf(route.onRequest)
    schema.security ??= guard ? signedIn : anyone

    const statuses = new Set<ProblemStatus>()
    if (schema.params || schema.querystring || schema.headers) statuses.add(400)
    if (schema.body) [400, 413, 415].forEach((status) => statuses.add(status as ProblemStatus))
    if (guard) statuses.add(401)
    if (guard && guard.length > 0) statuses.add(403)
    if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit) statuses.add(429)

    const response: Responses = { ...schema.response }
    for (const [status, declared] of Object.entries(response)) {
      if (isProblemSchema(declared))
        response[status] = problemResponse(Number(status) as ProblemStatus)
    }
    for (const status of statuses) response[status] ??= problemResponse(status)
    schema.response = response
  })
}

// Swagger UI's scripts create one <style> element (the SVG logo of its top bar, replaced by ours
// once loaded); its hash is read from the installed files, so an upgrade cannot silently break it.
function swaggerUiStyleHashes(): string[] {
  const require = createRequire(import.meta.url)
  return ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'].flatMap((file) => {
    const source = readFileSync(require.resolve(`@fastify/swagger-ui/static/${file}`), 'utf8')
    return [...source.matchAll(/createElement\("style",null,("(?:[^"\\]|\\.)*")\)/g)].map(
      ([, literal]) =>
        `'sha256-${createHash('sha256')
          .update(JSON.parse(literal!) as string)
          .digest('base64')}'`,
    )
  })
}

let docsPolicy: string | undefined

/**
 * The API docs page's policy (Swagger UI, `/api/docs`): every script, style and image it loads is
 * a file of its own under `/api/docs/static`, its one request is the document at `/api/docs/json`,
 * it has no inline script and one inline style (by hash), so nothing else inline, nothing from
 * elsewhere and no framing is allowed. (`data:` images: Swagger UI's icons.)
 */
export function docsContentSecurityPolicy(): string {
  docsPolicy ??= [
    "default-src 'none'",
    "script-src 'self'",
    ["style-src 'self'", ...swaggerUiStyleHashes()].join(' '),
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')
  return docsPolicy
}
