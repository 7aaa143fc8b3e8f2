import type { FastifyInstance } from 'fastify'
import { type FieldError, Problem } from './problem.ts'
import { isUserText } from './schemas.ts'

const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1')

/** Every string and key of a parsed body that breaks the user-text rule, with its JSON pointer. */
export function userTextErrors(value: unknown, pointer = '/body'): FieldError[] {
  if (typeof value === 'string') {
    return isUserText(value) ? [] : [invalidText(pointer)]
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => userTextErrors(item, `${pointer}/${index}`))
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      // A bad key is reported on its object: echoing it back in the pointer would repeat it.
      isUserText(key)
        ? userTextErrors(item, `${pointer}/${escapePointer(key)}`)
        : [invalidText(pointer, 'has a field name with control characters or unpaired surrogates')],
    )
  }
  return []
}

function invalidText(
  pointer: string,
  detail = 'must not contain control characters or unpaired surrogates',
): FieldError {
  return { pointer, reason: 'invalid-text', detail }
}

/**
 * JSON is the only body the API reads (anything else is 415), and the user-text rule reaches every
 * string in it, also inside free-form JSON such as answers that the schemas cannot describe.
 * JSON must escape control characters and can carry a lone surrogate only as an escape, so a body
 * without `\u` is walked no further.
 */
export function registerJsonBody(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body as string, (error, value) => {
      if (error) return done(error, undefined)
      const errors = (body as string).includes('\\u') ? userTextErrors(value) : []
      done(errors.length > 0 ? Problem.validation(errors) : null, value)
    })
  })
}
