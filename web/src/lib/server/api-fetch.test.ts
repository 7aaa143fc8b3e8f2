import type { Cookies } from '@sveltejs/kit'
import { describe, expect, it } from 'vitest'
import { fetchApi, type InProcessFetch } from './api-fetch'

// The pages' calls to the API: the session travels with them, a token the API refuses before it
// expires (the person's roles or sessions changed) gets one refresh and one retry, and the
// visitor's address reaches the API without a header a browser could have written.

function cookieJar(initial: Record<string, string>) {
  const values = new Map(Object.entries(initial))
  const secure = new Map<string, boolean>()
  const cookies = {
    get: (name: string) => values.get(name),
    getAll: () => [...values].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string, options: { secure?: boolean }) => {
      values.set(name, value)
      secure.set(name, options.secure === true)
    },
    delete: (name: string) => void values.delete(name),
    serialize: () => '',
  } as unknown as Cookies
  return { cookies, values, secure }
}

let counter = 0
function page(
  api: (request: Request, address: string | null) => Response | Promise<Response>,
  origin = 'https://agora.test',
) {
  const refresh = `refresh-${++counter}`
  const { cookies, values, secure } = cookieJar({
    agora_access: 'old-token',
    agora_refresh: refresh,
  })
  const seen: { request: Request; address: string | null; body: string }[] = []
  const inProcess: InProcessFetch = async (request, address) => {
    seen.push({ request, address, body: await request.clone().text() })
    return api(request, address)
  }
  const event = {
    url: new URL(`${origin}/profile`),
    request: new Request('https://agora.test/profile', {
      headers: { 'x-forwarded-for': '6.6.6.6' },
    }),
    cookies,
    locals: { accessToken: 'old-token', user: null } as App.Locals,
    getClientAddress: () => '203.0.113.5',
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      call(new Request(new URL(String(input), 'https://agora.test'), init)),
  }
  const options = { inProcess, apiOrigin: () => 'http://api.test' }
  const call = (request: Request) =>
    fetchApi({ event, request, fetch: globalThis.fetch } as never, options)
  return { event, call, seen, values, secure, refresh }
}

const session = (token: string) =>
  Response.json(
    {
      accessToken: token,
      expiresIn: 900,
      user: { id: 'u1', name: 'Ana', roles: ['learner'], preferredLanguage: 'en' },
    },
    { headers: { 'set-cookie': `agora_refresh=rotated-${token}; Path=/; HttpOnly; SameSite=Lax` } },
  )
const unauthorized = () =>
  Response.json(
    { type: '/problems/unauthorized', status: 401 },
    { status: 401, headers: { 'content-type': 'application/problem+json' } },
  )

describe('fetchApi', () => {
  it('refreshes once when the API refuses a token, and retries the call with the new one', async () => {
    const { call, seen, event, values } = page((request) => {
      const url = new URL(request.url)
      if (url.pathname === '/api/v1/auth/refresh') return session('new-token')
      return request.headers.get('authorization') === 'Bearer new-token'
        ? Response.json({ saved: true })
        : unauthorized()
    })
    const response = await call(
      new Request('https://agora.test/api/v1/me', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ana' }),
      }),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ saved: true })
    expect(seen.map(({ request }) => new URL(request.url).pathname)).toEqual([
      '/api/v1/me',
      '/api/v1/auth/refresh',
      '/api/v1/me',
    ])
    expect(seen[2]!.body).toBe('{"name":"Ana"}')
    expect(event.locals.accessToken).toBe('new-token')
    expect(values.get('agora_access')).toBe('new-token')
    expect(values.get('agora_refresh')).toBe('rotated-new-token')
  })

  it('signs the browser out when the refresh is refused too: the 401 stands', async () => {
    const { call, seen, event, values } = page(() => unauthorized())
    const response = await call(new Request('https://agora.test/api/v1/enrolments'))
    expect(response.status).toBe(401)
    expect(seen).toHaveLength(2)
    expect(event.locals.accessToken).toBeNull()
    expect(values.has('agora_access')).toBe(false)
    expect(values.has('agora_refresh')).toBe(false)
  })

  it('retries nothing when the 401 is about what the call carried (a wrong current password)', async () => {
    const { call, seen, event } = page(() =>
      Response.json(
        { type: '/problems/invalid-credentials', status: 401 },
        { status: 401, headers: { 'content-type': 'application/problem+json' } },
      ),
    )
    const response = await call(
      new Request('https://agora.test/api/v1/me/password', { method: 'PUT', body: '{}' }),
    )
    expect(response.status).toBe(401)
    expect((await response.json()).type).toBe('/problems/invalid-credentials')
    expect(seen).toHaveLength(1)
    expect(event.locals.accessToken).toBe('old-token')
  })

  it('keeps the session when the API cannot answer the refresh (an outage is not a sign-out)', async () => {
    const { call, event, values, refresh } = page((request) =>
      new URL(request.url).pathname === '/api/v1/auth/refresh'
        ? new Response('down', { status: 503 })
        : unauthorized(),
    )
    expect((await call(new Request('https://agora.test/api/v1/enrolments'))).status).toBe(401)
    expect(event.locals.accessToken).toBe('old-token')
    expect(values.get('agora_refresh')).toBe(refresh)
  })

  it('keeps the renewed cookies Secure when the site is https, and only then', async () => {
    for (const [origin, expected] of [
      ['https://agora.test', true],
      ['http://localhost:3000', false],
    ] as const) {
      const { call, secure } = page(
        (request) =>
          new URL(request.url).pathname === '/api/v1/auth/refresh'
            ? session('new-token')
            : request.headers.get('authorization') === 'Bearer new-token'
              ? Response.json({})
              : unauthorized(),
        origin,
      )
      expect((await call(new Request(`${origin}/api/v1/enrolments`))).status).toBe(200)
      expect(secure.get('agora_access')).toBe(expected)
      expect(secure.get('agora_refresh')).toBe(expected)
    }
  })

  it("hands the visitor's address to the in-process API, with no forwarded header", async () => {
    const { call, seen } = page(() => Response.json({}))
    await call(
      new Request('https://agora.test/api/v1/courses', {
        headers: { 'x-forwarded-for': '6.6.6.6' },
      }),
    )
    expect(seen[0]!.address).toBe('203.0.113.5')
    expect(seen[0]!.request.headers.get('x-forwarded-for')).toBeNull()
    expect(seen[0]!.request.headers.get('authorization')).toBe('Bearer old-token')
  })
})
