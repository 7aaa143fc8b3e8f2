import type { FieldReason, ProblemType } from '@agora/server/contract'
import { afterEach, describe, expect, it } from 'vitest'
import { baseLocale, locales, overwriteGetLocale } from '$lib/paraglide/runtime'
import type { Failed, Problem } from './api'
import {
  csvProblem,
  csvRowMessage,
  explainFailure,
  fieldErrors,
  fieldMessage,
  formErrors,
  linkProblem,
  problemMessage,
  serviceProblem,
} from './problems'

const english = 'This English sentence is for developers only.'

function failed(
  status: number,
  type: ProblemType,
  extra: Partial<Problem> = {},
  retryAfter: number | null = null,
): Failed {
  const problem = { type: `/problems/${type}`, title: 'Title in English', status, detail: english }
  return { ok: false, status, problem: { ...problem, ...extra }, retryAfter }
}

// Every reason the API can give: the type check fails here when the API adds one.
const fieldReasons = Object.keys({
  required: true,
  'unknown-field': true,
  type: true,
  'too-short': true,
  'too-long': true,
  'too-small': true,
  'too-large': true,
  format: true,
  'not-allowed': true,
  conflict: true,
  'invalid-text': true,
  'unknown-reference': true,
  'personal-information': true,
  invalid: true,
} satisfies Record<FieldReason, true>) as FieldReason[]

const fieldError = (pointer: string, reason: FieldReason) => ({ pointer, reason, detail: english })

afterEach(() => overwriteGetLocale(() => baseLocale))

describe('problemMessage', () => {
  it('words every problem type in every UI language, never with the API text', () => {
    const types: ProblemType[] = ['validation', 'forbidden', 'not-found', 'stale-version']
    for (const locale of locales) {
      overwriteGetLocale(() => locale)
      for (const type of types) {
        const message = problemMessage(failed(400, type))
        expect(message).not.toBe('')
        expect(message).not.toContain(english)
        expect(message).not.toContain('Title in English')
      }
    }
  })

  it('speaks Serbian to Serbian readers', () => {
    const en = problemMessage(failed(403, 'forbidden'))
    overwriteGetLocale(() => 'sr-Latn')
    expect(problemMessage(failed(403, 'forbidden'))).not.toBe(en)
  })

  it('lets a page word a type its own way', () => {
    const message = problemMessage(failed(409, 'stale-version'), {
      'stale-version': () => 'Reload',
    })
    expect(message).toBe('Reload')
  })

  it('treats an unknown type as an outage, and any 5xx as one', () => {
    const unknown = problemMessage(failed(400, 'validation', { type: '/problems/brand-new' }))
    expect(unknown).toBe(problemMessage(failed(500, 'internal')))
    expect(problemMessage(failed(503, 'validation'))).toBe(problemMessage(failed(500, 'internal')))
  })

  it('tells a throttled sign-in whether this client or the whole account waits, and for how long', () => {
    const here = problemMessage(failed(429, 'login-throttled', { scope: 'client' }, 8))
    const everywhere = problemMessage(failed(429, 'login-throttled', { scope: 'address' }, 300))
    expect(here).toContain('from here')
    expect(here).toContain('8 seconds')
    expect(everywhere).toContain('this account')
    expect(everywhere).toContain('5 minutes')
  })

  it('says when to try again after throttling', () => {
    const message = serviceProblem(failed(429, 'rate-limited', {}, 120))
    expect(message).toContain('2 minutes')
    expect(serviceProblem(failed(403, 'forbidden'))).toBeNull()
  })
})

describe('field errors', () => {
  it('words every reason the API gives, in every UI language', () => {
    for (const locale of locales) {
      overwriteGetLocale(() => locale)
      for (const reason of fieldReasons) {
        const message = fieldMessage(fieldError('/body/anything', reason))
        expect(message, `${locale} ${reason}`).not.toBe('')
        expect(message).not.toContain(english)
      }
    }
  })

  it('has words of its own for known fields', () => {
    expect(fieldMessage(fieldError('/body/newPassword', 'too-short'))).toMatch(/12/)
    expect(fieldMessage(fieldError('/body/email', 'format'))).toMatch(/name@example\.org/)
    expect(fieldMessage(fieldError('/body/name', 'too-long'))).toBe(
      fieldMessage(fieldError('/body/other', 'too-long')),
    )
  })

  it('maps API fields to the form fields it shows, first error per field', () => {
    const problem: Problem = {
      type: '/problems/validation',
      title: 'Invalid request',
      status: 400,
      errors: [
        fieldError('/body/name', 'invalid-text'),
        fieldError('/body/name', 'too-long'),
        fieldError('/body/roles/0', 'not-allowed'),
        fieldError('/body/hidden', 'required'),
      ],
    }
    const errors = fieldErrors(problem, {
      name: 'invite-name',
      roles: { id: 'invite-roles', message: () => 'Choose a role.' },
    })
    expect(errors).toEqual({
      'invite-name': fieldMessage(fieldError('/body/name', 'invalid-text')),
      'invite-roles': 'Choose a role.',
    })
  })

  it('explains a failure by its fields, else by its type', () => {
    const withFields = failed(400, 'validation', { errors: [fieldError('/body/name', 'required')] })
    expect(explainFailure(withFields, { name: 'name' })).toEqual({
      message: null,
      errors: { name: fieldMessage(fieldError('/body/name', 'required')) },
    })
    const other = explainFailure(failed(403, 'forbidden'), { name: 'name' })
    expect(other.errors).toEqual({})
    expect(other.message).toBe(problemMessage(failed(403, 'forbidden')))
    expect(formErrors(failed(403, 'forbidden'), {})).toEqual({ form: other.message })
  })

  it('explains a refused CSV without quoting the API', () => {
    const refused = (reason: FieldReason) =>
      csvProblem(failed(400, 'validation', { errors: [fieldError('/body/csv', reason)] }))
    expect(refused('format')).not.toContain(english)
    expect(refused('too-long')).not.toBe(refused('format'))
  })

  it('words a refused CSV cell by its column and reason', () => {
    expect(csvRowMessage(fieldError('/email', 'format'))).toBe('email: not in the expected form')
    expect(csvRowMessage(fieldError('/name', 'invalid-text'))).toBe(
      `name: ${fieldMessage(fieldError('/name', 'invalid-text'))}`,
    )
    overwriteGetLocale(() => 'sr-Latn')
    expect(csvRowMessage(fieldError('/country', 'unknown-reference'))).toBe(
      'country: nepoznata vrednost',
    )
  })

  it('knows a broken link from an e-mail', () => {
    expect(linkProblem(failed(410, 'token-used'))).toBeTruthy()
    expect(
      linkProblem(failed(400, 'validation', { errors: [fieldError('/params/token', 'format')] })),
    ).toBeTruthy()
    expect(
      linkProblem(
        failed(400, 'validation', { errors: [fieldError('/body/password', 'required')] }),
      ),
    ).toBeNull()
  })
})
