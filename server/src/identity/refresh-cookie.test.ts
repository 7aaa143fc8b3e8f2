import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/app.ts'
import { createUser } from '../testing/factories.ts'

// Behind a proxy that ends TLS, or called in-process by the pages, the API sees plain http: the
// refresh cookie is Secure because the public origin is https, not because the request was.
describe('the refresh cookie', () => {
  for (const [origin, secure] of [
    ['https://agora.example.org', true],
    ['http://localhost:3000', false],
  ] as const) {
    it(`is ${secure ? '' : 'not '}Secure when ORIGIN is ${origin}`, async () => {
      const app = await buildTestApp({ ORIGIN: origin })
      try {
        const user = await createUser(app)
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: user.email, password: user.password },
        })
        expect(login.statusCode).toBe(200)
        const set = login.cookies.find((cookie) => cookie.name === 'agora_refresh')
        expect(set).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
        expect(Boolean(set?.secure)).toBe(secure)

        const out = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/logout',
          headers: { cookie: `agora_refresh=${set!.value}` },
        })
        const cleared = out.cookies.find((cookie) => cookie.name === 'agora_refresh')
        expect(cleared?.value).toBe('')
        expect(Boolean(cleared?.secure)).toBe(secure)
      } finally {
        await app.close()
      }
    })
  }
})
