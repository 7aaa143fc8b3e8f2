import type { FastifyInstance } from 'fastify'
import type { LightMyRequestResponse } from 'fastify'
import { describe, expect } from 'vitest'
import { it } from '../../server/src/testing/app.ts'
import { bearer, createUser, type TestUser, tokenFor } from '../../server/src/testing/factories.ts'
import { enrolledLearner, importCivicBasics, startQuiz } from '../../server/src/testing/learning.ts'
import { learnerAtGate, sessionStartingNow } from '../../server/src/testing/attendance.ts'
import { learnerAtSurvey, submitSurvey } from '../../server/src/testing/surveys.ts'

// Input found by trying the API with bad data (issue 11, point 8). Each once answered 500, stored
// something it should not, or answered in the wrong order or the wrong format.

const problemJson = /^application\/problem\+json/

/** The answer is a 400 validation problem naming exactly these fields, each with its reason. */
function expectFieldErrors(response: LightMyRequestResponse, errors: Record<string, string>): void {
  expect(response.statusCode, response.body).toBe(400)
  expect(response.headers['content-type']).toMatch(problemJson)
  const body = response.json()
  expect(body).toMatchObject({ type: '/problems/validation', status: 400 })
  expect(
    Object.fromEntries(
      (body.errors as { pointer: string; reason: string }[]).map((error) => [
        error.pointer,
        error.reason,
      ]),
    ),
  ).toEqual(errors)
}

const nul = 'a\u0000b'
/** A JSON text with a lone high surrogate in it: JSON.stringify would escape it the same way. */
const loneSurrogate = (json: string) => json.replace('LONE', '\\ud800')

describe('bad input gets a 400 naming the field, and nothing is stored', () => {
  let admin: { authorization: string }
  let adminUser: TestUser

  it.beforeAll(async ({ app }) => {
    await importCivicBasics(app)
    adminUser = await createUser(app, { roles: ['admin'] })
    admin = bearer(tokenFor(app, adminUser))
  })

  async function nameOf(app: FastifyInstance, id: string) {
    return app.db
      .selectFrom('users')
      .select(['name', 'preferredLanguage'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  }

  it('integers beyond PostgreSQL integer in the path, the query or the body', async ({ app }) => {
    expectFieldErrors(
      await app.inject({
        method: 'GET',
        url: '/api/v1/courses/civic-basics/versions/1/diff/2147483648',
        headers: admin,
      }),
      { '/params/to': 'too-large' },
    )
    expectFieldErrors(
      await app.inject({
        method: 'GET',
        url: '/api/v1/courses/civic-basics/versions/99999999999999999999/diff/1',
        headers: admin,
      }),
      { '/params/from': 'too-large' },
    )
    const learner = await enrolledLearner(app)
    expectFieldErrors(
      await app.inject({
        method: 'POST',
        url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
        headers: learner.headers,
        payload: { type: 'module.read', step: '01-rights', expectedVersion: 2147483648 },
      }),
      { '/body/expectedVersion': 'too-large' },
    )
    const events = await app.db
      .selectFrom('progressionEvents')
      .select('id')
      .where('enrolmentId', '=', learner.enrolmentId)
      .execute()
    expect(events).toHaveLength(0)
    expectFieldErrors(
      await app.inject({
        method: 'PUT',
        url: '/api/v1/courses/civic-basics/drafts/en/01-rights',
        headers: admin,
        payload: { markdown: '# x', baseRevision: 2147483648 },
      }),
      { '/body/baseRevision': 'too-large' },
    )
    expect(await app.db.selectFrom('moduleDrafts').select('courseId').execute()).toEqual([])
  })

  it('a NUL in any text field, top level or nested', async ({ app }) => {
    const user = await createUser(app, { name: 'Nadia Nul' })
    const headers = bearer(tokenFor(app, user))
    expectFieldErrors(
      await app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { name: nul } }),
      { '/body/name': 'invalid-text' },
    )
    expect((await nameOf(app, user.id)).name).toBe('Nadia Nul')

    const learner = await enrolledLearner(app, { read: true })
    expectFieldErrors(
      await app.inject({
        method: 'POST',
        url: `/api/v1/enrolments/${learner.enrolmentId}/withdrawal`,
        headers: learner.headers,
        payload: { reason: nul },
      }),
      { '/body/reason': 'invalid-text' },
    )
    const enrolment = await app.db
      .selectFrom('enrolments')
      .select(['status', 'withdrawnReason'])
      .where('id', '=', learner.enrolmentId)
      .executeTakeFirstOrThrow()
    expect(enrolment).toEqual({ status: 'active', withdrawnReason: null })

    const attempt = (await startQuiz(app, learner)).json()
    expectFieldErrors(
      await app.inject({
        method: 'PUT',
        url: `/api/v1/attempts/${attempt.id}/answers`,
        headers: learner.headers,
        payload: { answers: { '0': { text: nul } } },
      }),
      { '/body/answers/0/text': 'invalid-text' },
    )
    const stored = await app.db
      .selectFrom('quizAttempts')
      .select(['answers', 'savedAt'])
      .where('id', '=', attempt.id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ answers: {}, savedAt: null })

    expectFieldErrors(
      await app.inject({
        method: 'PUT',
        url: '/api/v1/courses/civic-basics/drafts/en/01-rights',
        headers: admin,
        payload: { markdown: `# Title\n\n${nul}`, baseRevision: 0 },
      }),
      { '/body/markdown': 'invalid-text' },
    )
    expect(await app.db.selectFrom('moduleDrafts').select('courseId').execute()).toEqual([])

    expectFieldErrors(
      await app.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        headers: admin,
        payload: { email: 'nul@example.org', name: nul, roles: ['learner'] },
      }),
      { '/body/name': 'invalid-text' },
    )
    expect(
      await app.db
        .selectFrom('invitations')
        .select('id')
        .where('email', '=', 'nul@example.org')
        .execute(),
    ).toEqual([])

    expectFieldErrors(
      await app.inject({
        method: 'POST',
        url: '/api/v1/municipalities',
        headers: admin,
        payload: { countryCode: 'RS', name: `Nul${nul}grad` },
      }),
      { '/body/name': 'invalid-text' },
    )
    expect(
      await app.db
        .selectFrom('municipalities')
        .select('id')
        .where('name', 'like', 'Nul%')
        .execute(),
    ).toEqual([])
  })

  it('evaluation answers that do not fit the survey, or hold a NUL: nothing stored', async ({
    app,
  }) => {
    const learner = await learnerAtSurvey(app)
    expectFieldErrors(await submitSurvey(app, learner, { '0': nul }), {
      '/body/answers/0': 'invalid-text',
    })
    expectFieldErrors(await submitSurvey(app, learner, { '1': 6, '7': 'x' }), {
      '/body/answers/1': 'too-large',
      '/body/answers/7': 'unknown-reference',
    })
    expect(await app.db.selectFrom('surveyResponses').select('id').execute()).toEqual([])
    const events = await app.db
      .selectFrom('progressionEvents')
      .select('type')
      .where('enrolmentId', '=', learner.enrolmentId)
      .where('type', '=', 'survey.submitted')
      .execute()
    expect(events).toEqual([])
  })

  it('attendance marks and check-in codes with a NUL, a bad id or an unknown field: nothing stored', async ({
    app,
  }) => {
    const { session, staff } = await sessionStartingNow(app)
    const learner = await learnerAtGate(app)
    const marks = (marks: object[]) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/webinars/${session.id}/attendance`,
        headers: staff,
        payload: { marks },
      })
    expectFieldErrors(await marks([{ userId: learner.user.id, status: 'excused', reason: nul }]), {
      '/body/marks/0/reason': 'invalid-text',
    })
    expectFieldErrors(await marks([{ userId: 'someone', status: 'attended' }]), {
      '/body/marks/0/userId': 'format',
    })
    const checkIn = (payload: object) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/webinars/${session.id}/check-in`,
        headers: learner.headers,
        payload,
      })
    expectFieldErrors(await checkIn({ code: nul }), { '/body/code': 'invalid-text' })
    expectFieldErrors(await checkIn({ code: 'ABCDEF', again: true }), {
      '/body/again': 'unknown-field',
    })
    const stored = await app.db
      .selectFrom('webinarAttendance')
      .select('userId')
      .where('sessionId', '=', session.id)
      .execute()
    expect(stored).toEqual([])
    const audited = await app.db
      .selectFrom('auditEvents')
      .select('action')
      .where('subject', '=', learner.user.id)
      .where('action', 'in', [
        'attendance.marked',
        'webinar.check-in-refused',
        'webinar.checked-in',
      ])
      .execute()
    expect(audited).toEqual([])
  })

  it('a NUL in a search', async ({ app }) => {
    for (const [url, pointer] of [
      ['/api/v1/users?q=%00', '/query/q'],
      ['/api/v1/municipalities?q=a%00', '/query/q'],
      ['/api/v1/audit-events?actor=%00', '/query/actor'],
      ['/api/v1/library/good-practices?q=%00', '/query/q'],
    ] as const) {
      expectFieldErrors(await app.inject({ method: 'GET', url, headers: admin }), {
        [pointer]: 'invalid-text',
      })
    }
  })

  it('a lone surrogate in text stored as JSON', async ({ app }) => {
    const learner = await enrolledLearner(app, { read: true })
    const attempt = (await startQuiz(app, learner)).json()
    expectFieldErrors(
      await app.inject({
        method: 'PUT',
        url: `/api/v1/attempts/${attempt.id}/answers`,
        headers: { ...learner.headers, 'content-type': 'application/json' },
        payload: loneSurrogate('{"answers":{"0":{"text":"xLONEx"}}}'),
      }),
      { '/body/answers/0/text': 'invalid-text' },
    )
    const stored = await app.db
      .selectFrom('quizAttempts')
      .select(['answers', 'savedAt'])
      .where('id', '=', attempt.id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ answers: {}, savedAt: null })

    expectFieldErrors(
      await app.inject({
        method: 'PUT',
        url: `/api/v1/enrolments/${learner.enrolmentId}/reading-positions/01-rights`,
        headers: { ...learner.headers, 'content-type': 'application/json' },
        payload: loneSurrogate('{"anchor":"LONE"}'),
      }),
      { '/body/anchor': 'invalid-text' },
    )
    expect(
      await app.db
        .selectFrom('readingPositions')
        .select('anchor')
        .where('enrolmentId', '=', learner.enrolmentId)
        .execute(),
    ).toEqual([])

    // A key of free-form JSON is text too.
    expectFieldErrors(
      await app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: { ...learner.headers, 'content-type': 'application/json' },
        payload: loneSurrogate('{"name":"Ana","xLONE":1}'),
      }),
      { '/body': 'invalid-text' },
    )
    expect((await nameOf(app, learner.user.id)).name).toBe(learner.user.name)
  })

  it('a good practice with a NUL, an unknown area or a contact that is a person: nothing stored', async ({
    app,
  }) => {
    const author = bearer(tokenFor(app, await createUser(app)))
    const practice = {
      title: 'A diversity desk',
      countryCode: 'RS',
      municipalityName: 'Kragujevac',
      area: 'services',
      problem: 'Nobody came.',
      actions: 'We opened a desk.',
      results: 'Many came.',
      contactRole: 'Office for Social Protection',
      body: '',
      language: 'en',
      public: true,
    }
    const submit = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/good-practices', headers: author, payload })
    expectFieldErrors(await submit({ ...practice, body: nul }), { '/body/body': 'invalid-text' })
    expectFieldErrors(await submit({ ...practice, area: 'sports' }), {
      '/body/area': 'not-allowed',
    })
    expectFieldErrors(await submit({ ...practice, contactRole: 'ana@example.org' }), {
      '/body/contactRole': 'personal-information',
    })
    expect(await app.db.selectFrom('goodPractices').select('id').execute()).toEqual([])
  })

  it('bodies are not coerced: a number is not a name, and only supported languages and roles pass', async ({
    app,
  }) => {
    const user = await createUser(app, { name: 'Cora Coerced' })
    const headers = bearer(tokenFor(app, user))
    expectFieldErrors(
      await app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { name: 123 } }),
      { '/body/name': 'type' },
    )
    expectFieldErrors(
      await app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers,
        payload: { preferredLanguage: 'xx' },
      }),
      { '/body/preferredLanguage': 'not-allowed' },
    )
    expect(await nameOf(app, user.id)).toEqual({ name: 'Cora Coerced', preferredLanguage: 'en' })

    expectFieldErrors(
      await app.inject({
        method: 'PUT',
        url: `/api/v1/users/${user.id}/roles`,
        headers: admin,
        payload: { roles: [] },
      }),
      { '/body/roles': 'too-short' },
    )
    const roles = await app.db
      .selectFrom('userRoles')
      .select('role')
      .where('userId', '=', user.id)
      .execute()
    expect(roles.map((row) => row.role)).toEqual(['learner'])

    // Query strings and paths still arrive as text and are read as numbers and booleans.
    const page = await app.inject({ method: 'GET', url: '/api/v1/users?limit=2', headers: admin })
    expect(page.statusCode).toBe(200)
    expect(page.json().limit).toBe(2)
  })
})

describe('every error is problem+json', () => {
  it('a body that is not JSON is 415, not 400', async ({ app }) => {
    const user = await createUser(app, { name: 'Tina Text' })
    const response = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { ...bearer(tokenFor(app, user)), 'content-type': 'text/plain' },
      payload: 'name=Someone',
    })
    expect(response.statusCode).toBe(415)
    expect(response.headers['content-type']).toMatch(problemJson)
    expect(response.json()).toMatchObject({ type: '/problems/unsupported-media-type', status: 415 })
    const stored = await app.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(stored.name).toBe('Tina Text')
  })

  it('a header too large is 431, on a real connection', async ({ app }) => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const response = await fetch(`${address}/api/v1/courses`, {
      headers: { 'x-padding': 'x'.repeat(20_000) },
    })
    expect(response.status).toBe(431)
    expect(response.headers.get('content-type')).toMatch(problemJson)
    expect(await response.json()).toMatchObject({
      type: '/problems/headers-too-large',
      status: 431,
    })
  })
})

describe('a stranger learns nothing about a route: authentication comes before validation', () => {
  it('401 before 400 for anonymous callers, 403 before 400 for the wrong role', async ({ app }) => {
    const anonymous = [
      { method: 'PATCH', url: '/api/v1/me', payload: { name: 123 } },
      { method: 'POST', url: '/api/v1/enrolments', payload: {} },
      { method: 'GET', url: '/api/v1/enrolments/not-an-id' },
      { method: 'PUT', url: '/api/v1/users/not-an-id/roles', payload: { roles: [] } },
      { method: 'GET', url: '/api/v1/courses/civic-basics/versions/0/diff/2147483648' },
      { method: 'POST', url: '/api/v1/invitations', payload: { email: 'x' } },
    ] as const
    for (const request of anonymous) {
      const response = await app.inject(request)
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(401)
      expect(response.headers['content-type']).toMatch(problemJson)
      expect(response.json()).not.toHaveProperty('errors')
    }
    const learner = bearer(tokenFor(app, await createUser(app)))
    for (const request of anonymous.slice(3)) {
      const response = await app.inject({ ...request, headers: learner })
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(403)
      expect(response.json()).not.toHaveProperty('errors')
    }
  })

  it('holds for every signed-in operation of the OpenAPI document, whatever the body', async ({
    app,
  }) => {
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
      paths: Record<string, Record<string, { security?: object[]; requestBody?: unknown }>>
    }
    // An empty requirement ({}) lets anonymous callers in (a public call read by its managers too).
    const signedInOnly = (security: object[] | undefined) =>
      !!security?.length && security.every((requirement) => Object.keys(requirement).length > 0)
    let checked = 0
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!signedInOnly(operation.security)) continue
        const url = path.replace(/\{[^}]+\}/g, '2147483648')
        const bodies: { type?: string; payload?: string }[] = operation.requestBody
          ? [
              { type: 'application/json', payload: '{"unknown": "a\\u0000", "x": [1]}' },
              { type: 'text/plain', payload: 'not json' },
            ]
          : [{}]
        for (const { type, payload } of bodies) {
          const response = await app.inject({
            method: method.toUpperCase() as 'GET',
            url,
            ...(type ? { headers: { 'content-type': type }, payload } : {}),
          })
          expect.soft(response.statusCode, `${method} ${url} ${type ?? ''}`).toBe(401)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(40)
  })
})
