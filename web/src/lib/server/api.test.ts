import { isHttpError, isRedirect } from '@sveltejs/kit'
import { describe, expect, it } from 'vitest'
import { m } from '$lib/paraglide/messages'
import { apiCall, loadJson, problemType } from './api'

function fetchAnswering(response: () => Response) {
  const calls: Request[] = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(new Request(new URL(String(input), 'http://agora.test'), init))
    return response()
  }
  return { fetch: fetch as typeof globalThis.fetch, calls }
}

const problemJson =
  (status: number, body: object, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify({ status, ...body }), {
      status,
      headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
    })

describe('apiCall', () => {
  it('sends JSON to /api/v1 and hands back the data', async () => {
    const { fetch, calls } = fetchAnswering(() => Response.json({ id: 'x' }, { status: 201 }))
    const result = await apiCall<{ id: string }>(fetch, 'POST', '/things', { a: 1 }, { 'x-y': 'z' })
    expect(result).toEqual({ ok: true, status: 201, data: { id: 'x' } })
    expect(calls[0]!.url).toBe('http://agora.test/api/v1/things')
    expect(calls[0]!.headers.get('content-type')).toBe('application/json')
    expect(calls[0]!.headers.get('x-y')).toBe('z')
    expect(await calls[0]!.json()).toEqual({ a: 1 })
  })

  it('declares no JSON body when there is none, and reads a 204 as nothing', async () => {
    const { fetch, calls } = fetchAnswering(() => new Response(null, { status: 204 }))
    expect(await apiCall(fetch, 'DELETE', '/things/1')).toEqual({
      ok: true,
      status: 204,
      data: undefined,
    })
    expect(calls[0]!.headers.has('content-type')).toBe(false)
  })

  it('hands back the problem of a problem+json answer, with its wait', async () => {
    const { fetch } = fetchAnswering(
      problemJson(
        429,
        { type: '/problems/rate-limited', title: 'Too many' },
        { 'retry-after': '30' },
      ),
    )
    const result = await apiCall(fetch, 'POST', '/auth/login', {})
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(problemType(result.problem)).toBe('rate-limited')
    expect(result.retryAfter).toBe(30)
  })

  it('makes a problem of an answer that is not one (a proxy page)', async () => {
    const { fetch } = fetchAnswering(() => new Response('<h1>Bad gateway</h1>', { status: 502 }))
    const result = await apiCall(fetch, 'GET', '/me')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(problemType(result.problem)).toBe('internal')
    expect(result.retryAfter).toBeNull()

    const throttled = await apiCall(
      fetchAnswering(() => new Response('', { status: 429 })).fetch,
      'GET',
      '/me',
    )
    expect(!throttled.ok && problemType(throttled.problem)).toBe('rate-limited')
  })
})

describe('loadJson', () => {
  const event = (response: () => Response) => ({
    fetch: fetchAnswering(response).fetch,
    url: new URL('http://agora.test/admin/users?q=a'),
  })

  async function thrown(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise
    } catch (caught) {
      return caught
    }
    throw new Error('nothing thrown')
  }

  it('sends a visitor whose session is gone to sign in and back', async () => {
    const caught = await thrown(
      loadJson(event(problemJson(401, { type: '/problems/unauthorized', title: 'x' })), '/users'),
    )
    expect(isRedirect(caught) && caught.location).toBe('/login?redirectTo=%2Fadmin%2Fusers%3Fq%3Da')
  })

  it('shows an error page in the reader’s words, not the API’s', async () => {
    const english = 'User 123 is not in your association.'
    const caught = await thrown(
      loadJson(
        event(
          problemJson(403, { type: '/problems/forbidden', title: 'Forbidden', detail: english }),
        ),
        '/users/123',
      ),
    )
    expect(isHttpError(caught, 403)).toBe(true)
    expect(isHttpError(caught) && caught.body.message).not.toContain(english)
  })

  it('answers 503 "try again" when the API is temporarily unavailable', async () => {
    const caught = await thrown(
      loadJson(
        event(
          problemJson(
            503,
            { type: '/problems/unavailable', title: 'Service unavailable' },
            { 'retry-after': '5' },
          ),
        ),
        '/users',
      ),
    )
    expect(isHttpError(caught, 503)).toBe(true)
    expect(isHttpError(caught) && caught.body.message).toBe(m.problem_unavailable())
    // A proxy's bare 503 page says the same.
    const bare = await thrown(
      loadJson(
        event(() => new Response('', { status: 503 })),
        '/users',
      ),
    )
    expect(isHttpError(bare, 503)).toBe(true)
  })

  it('answers 404 when the API refuses what the address names as malformed (a 400)', async () => {
    const caught = await thrown(
      loadJson(
        event(problemJson(400, { type: '/problems/validation', title: 'Invalid request' })),
        '/enrolments?course=No_Such_Course',
      ),
    )
    expect(isHttpError(caught, 404)).toBe(true)
    expect(isHttpError(caught) && caught.body.message).toBe(m.problem_not_found())
  })

  it('answers 502 when the API fails otherwise', async () => {
    const caught = await thrown(
      loadJson(event(problemJson(500, { type: '/problems/internal', title: 'x' })), '/users'),
    )
    expect(isHttpError(caught, 502)).toBe(true)
  })
})
