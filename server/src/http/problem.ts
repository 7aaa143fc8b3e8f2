import Type, { type Static } from 'typebox'

export type ProblemType =
  | 'validation'
  | 'bad-request'
  | 'unauthorized'
  | 'invalid-credentials'
  | 'email-unverified'
  | 'locked'
  | 'token-expired'
  | 'token-used'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'stale-version'
  | 'idempotency-mismatch'
  | 'event-refused'
  | 'step-locked'
  | 'attempts-exhausted'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'unavailable'
  | 'internal'

export interface FieldError {
  /** JSON Pointer into the request, e.g. "/body/email" or "/query/limit". */
  pointer: string
  detail: string
}

/** A failure a route reports on purpose; the error handler turns it into RFC 9457 problem+json. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly type: ProblemType,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: { errors?: FieldError[] } & Record<string, unknown> = {},
  ) {
    super(title)
    this.name = 'Problem'
  }

  static notFound(detail?: string): Problem {
    return new Problem(404, 'not-found', 'Not found', detail)
  }

  static forbidden(detail?: string): Problem {
    return new Problem(403, 'forbidden', 'Forbidden', detail)
  }

  static validation(errors: FieldError[], detail = 'The request has invalid fields.'): Problem {
    return new Problem(400, 'validation', 'Invalid request', detail, { errors })
  }
}

export const problemContentType = 'application/problem+json; charset=utf-8'

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'stable identifier, e.g. /problems/validation' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String({ description: 'the request id' })),
    errors: Type.Optional(
      Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() })),
    ),
    retryAfter: Type.Optional(Type.Integer({ description: 'seconds to wait before trying again' })),
  },
  // RFC 9457 §3.2: problem types may add members (e.g. `current` on an edit conflict).
  { $id: 'Problem', description: 'RFC 9457 problem details', additionalProperties: true },
)
export type ProblemBody = Static<typeof ProblemSchema>

export function problemBody(problem: Problem, instance: string): ProblemBody {
  return {
    type: `/problems/${problem.type}`,
    title: problem.title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    instance,
    ...problem.extensions,
  }
}
