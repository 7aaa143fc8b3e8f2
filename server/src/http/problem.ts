import Type, { type Static } from 'typebox'

export type ProblemType =
  | 'validation'
  | 'bad-request'
  | 'unauthorized'
  | 'invalid-credentials'
  | 'email-unverified'
  /** Too many failed sign-ins at an address from this client (or, as a brake, from all). */
  | 'login-throttled'
  | 'token-expired'
  | 'token-used'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'stale-version'
  | 'idempotency-mismatch'
  /** The course machine does not take this event now (or the enrolment is withdrawn). */
  | 'event-refused'
  /** The step does not open until the ones before it are done. */
  | 'step-locked'
  /** Every quiz attempt at the module is used; only a trainer's grant opens another. */
  | 'attempts-exhausted'
  /** A learner of a cluster was reminded less than 7 days ago; `nextAllowedAt` says when again. */
  | 'reminder-too-soon'
  /** The call's deadline has passed: its applications take no more changes or submissions. */
  | 'deadline-passed'
  /** An evaluation has fewer responses than a breakdown needs (`responses`, `minimum`): only the count is shown. */
  | 'too-few-responses'
  /** A learner's webinar check-in was refused: `reason` is `closed` (outside the window) or `wrong-code`. */
  | 'check-in-refused'
  /** A webinar gate event sent to the events endpoint: sessions, attendance and good practices send them. */
  | 'event-not-direct'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'headers-too-large'
  | 'request-timeout'
  | 'rate-limited'
  | 'unavailable'
  | 'internal'

/**
 * Why a field was refused: clients translate a field error by the problem type, the pointer and
 * this reason, never by `detail`, which stays English for developers.
 */
export const fieldReasons = [
  /** missing */
  'required',
  /** not a field of this request */
  'unknown-field',
  /** wrong JSON type or shape */
  'type',
  /** shorter than allowed: text, list, CSV rows */
  'too-short',
  /** longer than allowed */
  'too-long',
  /** a number below the minimum */
  'too-small',
  /** a number above the maximum */
  'too-large',
  /** does not match the expected form: e-mail, id, slug, date, key, CSV syntax */
  'format',
  /** a value outside the allowed set, or one this actor may not use */
  'not-allowed',
  /** contradicts another field of the request */
  'conflict',
  /** text with a NUL or other control character, or a lone surrogate */
  'invalid-text',
  /** names something that does not exist (a country, a municipality, a choice) */
  'unknown-reference',
  /** a password that contains the person's name or e-mail address */
  'personal-information',
  /** anything else; `detail` says what (e.g. course content problems with file:line) */
  'invalid',
] as const
export type FieldReason = (typeof fieldReasons)[number]

export interface FieldError {
  /** JSON Pointer into the request, e.g. "/body/email" or "/query/limit". */
  pointer: string
  reason: FieldReason
  /** English, for developers; clients show their own text for the reason. */
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

/** A refused field: of a request in a problem, or of a row in a CSV report ("/<column>"). */
export const FieldErrorSchema = Type.Object({
  pointer: Type.String({ description: 'JSON Pointer into the request, e.g. /body/email' }),
  reason: Type.Enum(fieldReasons, {
    description: 'why the field was refused; translate by type, pointer and reason',
  }),
  detail: Type.String({ description: 'English, for developers' }),
})

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'stable identifier, e.g. /problems/validation' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String({ description: 'the request id' })),
    errors: Type.Optional(Type.Array(FieldErrorSchema)),
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
