// Schemas every feature shares: identifiers, the languages Agora speaks, bounded integers, the one
// rule for user text, the idempotency header, the security blocks and the error responses. Features
// import these from here, never from each other's schemas.ts.
import Type, { type TNumberOptions, type TProperties, type TStringOptions } from 'typebox'
import { supportedLanguages } from '../course-format/languages.ts'
import { roles } from './roles.ts'
import { FieldErrorSchema, type ProblemBody } from './problem.ts'

// ── User text ───────────────────────────────────────────────────────────────────────────────────

/** The Ajv format that carries the user-text rule (registered in app.ts `serverOptions`). */
export const userTextFormat = 'user-text'

// C0 controls other than tab, line feed and carriage return, and (with the `u` flag, where a
// well-formed pair is one code point) any lone UTF-16 surrogate.
const notUserText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|\p{Cs}/u

/**
 * The one rule for text people send: no control character other than tab, line feed and carriage
 * return, and no lone surrogate. PostgreSQL refuses NUL in `text` and a lone surrogate in `jsonb`,
 * so without the rule such input ends as a 500.
 */
export function isUserText(text: string): boolean {
  return !notUserText.test(text)
}

/** A string a person typed: every free-text field of a request is one, never a bare `Type.String`. */
export function UserText(options: Omit<TStringOptions, 'format'> = {}) {
  return Type.String({ ...options, format: userTextFormat })
}

/** The Ajv format of single-line text: user text that is also one line with no bidi override. */
export const lineTextFormat = 'line-text'

// Line breaks and tabs, and UAX #9's embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069), which reorder what follows them wherever the text is shown: "Ana\u202Egnp.exe"
// reads as "Anaexe.png". The marks (LRM, RLM, ALM) have no scope and stay: RTL names need them.
const notOneLine = /[\t\n\r\u202A-\u202E\u2066-\u2069]/

/**
 * The rule for text shown as one line among other text (names of people and places, positions):
 * the user-text rule, one line, and no bidirectional override or isolate. Long-form text (Markdown,
 * reasons, answers) keeps isolates, which prose in a right-to-left script may use, and a renderer
 * ends their effect with the paragraph.
 */
export function isLineText(text: string): boolean {
  return isUserText(text) && !notOneLine.test(text)
}

/** A one-line string a person typed (a name, a title); refused text reads as `invalid-text`. */
export function LineText(options: Omit<TStringOptions, 'format'> = {}) {
  return Type.String({ ...options, format: lineTextFormat })
}

/** What each text format says when it refuses a string (the error handler's `detail`). */
export const textFormatDetails: Record<string, string> = {
  [userTextFormat]: 'must not contain control characters or unpaired surrogates',
  [lineTextFormat]:
    'must be one line without control characters, unpaired surrogates or bidirectional overrides',
}

// ── Identifiers and values ──────────────────────────────────────────────────────────────────────

export const UuidSchema = Type.String({ format: 'uuid' })
export const SlugSchema = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 })
/** Only the languages Agora supports (course-format/languages.ts); anything else is a 400. */
export const LanguageTagSchema = Type.Enum([...supportedLanguages], {
  description: 'a language Agora supports (BCP 47 tag)',
})
export const RoleSchema = Type.Enum([...roles])
/** A person's roles: at least one, each once. */
export const RolesSchema = Type.Array(RoleSchema, {
  minItems: 1,
  maxItems: roles.length,
  uniqueItems: true,
})
export const EmailSchema = Type.String({ format: 'email', maxLength: 254 })
export const PersonNameSchema = LineText({ minLength: 1, maxLength: 200, pattern: '\\S' })
/** A person's position or title in their organisation. */
export const PositionSchema = LineText({ maxLength: 200 })
export const maxPasswordLength = 256
export const PasswordSchema = UserText({ minLength: 1, maxLength: maxPasswordLength })
/** The secret of an e-mailed link (verification, reset, invitation). */
export const TokenSchema = Type.String({
  minLength: 20,
  maxLength: 100,
  pattern: '^[A-Za-z0-9_-]+$',
})
export const TokenParams = Type.Object({ token: TokenSchema })

/** PostgreSQL `integer`: a larger number in a query is a 500 (22003), so requests stay below it. */
export const maxInteger = 2_147_483_647

/** An integer a request carries (path, query or body), 0 … 2³¹−1 unless narrowed. */
export function BoundedInteger(options: TNumberOptions = {}) {
  return Type.Integer({ minimum: 0, maximum: maxInteger, ...options })
}
export const VersionNumberSchema = BoundedInteger({ minimum: 1 })

// ── Uploads ─────────────────────────────────────────────────────────────────────────────────────

export const CsvImportBody = Type.Object(
  { csv: UserText({ minLength: 1, maxLength: 2_000_000 }) },
  { additionalProperties: false },
)
export const DryRunQuery = Type.Object(
  { dryRun: Type.Boolean({ default: true }) },
  { additionalProperties: false },
)

// ── Headers ─────────────────────────────────────────────────────────────────────────────────────

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      pattern: '^[\\x21-\\x7e]{1,200}$',
      description:
        '1 to 200 visible ASCII characters; a replay with the same key returns the first answer and changes nothing',
    }),
  ),
})

// ── Security ────────────────────────────────────────────────────────────────────────────────────

/** Operations that need a signed-in person (bearer token or the access-token cookie). */
export const signedIn = [{ bearerAuth: [] }]
/** Operations anyone may call; stated, so the document says so rather than leaving it open. */
export const anyone = []

// ── Error responses (RFC 9457) ──────────────────────────────────────────────────────────────────

const problemDescriptions = {
  400: 'Invalid request; `errors` names each field with a reason',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict with the current state',
  410: 'The link was used or has expired',
  413: 'Request body too large',
  415: 'The body is not application/json',
  422: 'Refused by the rules',
  423: 'Locked',
  429: 'Too many requests',
  503: 'Unavailable',
} as const
export type ProblemStatus = keyof typeof problemDescriptions

/** One error response: problem+json pointing at the shared `Problem` component. */
export function problemResponse(status: ProblemStatus) {
  return {
    description: problemDescriptions[status],
    content: {
      'application/problem+json': { schema: Type.Unsafe<ProblemBody>(Type.Ref('Problem')) },
    },
  }
}

/** The error responses of an operation: `response: { 200: X, ...problems(400, 401, 404) }`. */
export function problems<Status extends ProblemStatus>(
  ...statuses: Status[]
): Record<Status, ReturnType<typeof problemResponse>> {
  return Object.fromEntries(statuses.map((status) => [status, problemResponse(status)])) as Record<
    Status,
    ReturnType<typeof problemResponse>
  >
}

/** What a route that takes a JSON body can answer besides its own problems. */
export const bodyProblems = problems(400, 413, 415)

/** The answer to a CSV upload: each row by its line and what names it (`row`), with its errors. */
export function CsvReportSchema<Row extends TProperties>(row: Row) {
  return Type.Object({
    dryRun: Type.Boolean(),
    valid: Type.Boolean(),
    created: Type.Integer(),
    rows: Type.Array(
      Type.Object({
        line: Type.Integer(),
        ...row,
        ok: Type.Boolean(),
        errors: Type.Array(FieldErrorSchema, { description: 'pointers name the CSV column' }),
      }),
    ),
  })
}
