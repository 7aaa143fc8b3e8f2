import Type, { type TStringOptions } from 'typebox'

/**
 * The one rule for text people type: no C0 control character other than tab, line feed and
 * carriage return, no DEL, and no lone UTF-16 surrogate. PostgreSQL refuses NUL in `text` and a
 * lone surrogate in `jsonb`, so without this rule such input ends as a 500.
 * Ajv compiles patterns with the `u` flag, where `\p{Cs}` matches only unpaired surrogates.
 */
export const userTextPattern = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\p{Cs}]*$'

const userTextRegExp = new RegExp(userTextPattern, 'u')

/** True when the text passes the user-text rule (for free-form JSON the schemas cannot reach). */
export function isUserText(text: string): boolean {
  return userTextRegExp.test(text)
}

/** A string a person typed: every free-text field of a request uses this, never `Type.String`. */
export function UserText(options: Omit<TStringOptions, 'pattern' | 'format'> = {}) {
  return Type.String({ ...options, pattern: userTextPattern })
}
