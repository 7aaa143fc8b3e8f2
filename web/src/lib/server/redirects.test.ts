import { isRedirect } from '@sveltejs/kit'
import { describe, expect, it } from 'vitest'
import { POST } from '../../routes/language/+server'
import { loginPath, rememberReturn, safeRedirect, takeReturn } from './redirects'

describe('safeRedirect', () => {
  it.each(['/', '/learn', '/learn/civic-basics/01-rights?tab=quiz#top', '/admin/users?q=a%2Fb'])(
    'keeps the same-site path %s',
    (target) => expect(safeRedirect(target)).toBe(target),
  )

  it.each([
    ['another site', 'https://evil.example'],
    ['a scheme-relative address', '//evil.example'],
    ['a backslash, read as a slash by browsers', '/\\evil.example'],
    ['a tab, dropped by browsers', '/\t/evil.example'],
    ['a line break', '/\n/evil.example'],
    ['a NUL', '/\u0000/evil.example'],
    ['DEL', '/\u007f/evil.example'],
    ['a relative path', 'learn'],
    ['javascript:', 'javascript:alert(1)'],
    ['nothing', ''],
    ['no value', null],
  ])('refuses %s', (_, target) => expect(safeRedirect(target)).toBe('/'))

  it.each([
    ['/learn/€', '/learn/%E2%82%AC'],
    [
      '/learn/Ђурђевдан?q=ü#ž',
      '/learn/%D0%82%D1%83%D1%80%D1%92%D0%B5%D0%B2%D0%B4%D0%B0%D0%BD?q=%C3%BC#%C5%BE',
    ],
    ['/learn/%E2%82%AC', '/learn/%E2%82%AC'],
    ['/a b', '/a%20b'],
    ['/learn/\ud800', '/learn/%EF%BF%BD'],
  ])('percent-encodes what a Location header cannot carry: %s', (target, location) => {
    expect(safeRedirect(target)).toBe(location)
    expect(() => new Headers({ location: safeRedirect(target) })).not.toThrow()
  })

  it('falls back where told to', () => expect(safeRedirect('//x', '/learn')).toBe('/learn'))

  it('comes back to the page after signing in', () => {
    expect(loginPath(new URL('http://agora.test/learn/x?step=2'))).toBe(
      '/login?redirectTo=%2Flearn%2Fx%3Fstep%3D2',
    )
  })
})

describe('coming back after registering', () => {
  function jar() {
    const values = new Map<string, string>()
    const options: Record<string, unknown>[] = []
    const cookies = {
      get: (name: string) => values.get(name),
      set: (name: string, value: string, opts: Record<string, unknown>) => {
        values.set(name, value)
        options.push(opts)
      },
      delete: (name: string) => values.delete(name),
    }
    return { cookies, values, options, url: new URL('https://agora.test/register') }
  }

  it('remembers a same-site path once, httpOnly and Secure on https', () => {
    const event = jar()
    rememberReturn(event as never, '/calls/1/apply')
    expect(event.options[0]).toMatchObject({ httpOnly: true, secure: true, sameSite: 'lax' })
    expect(takeReturn(event as never, '/profile')).toBe('/calls/1/apply')
    expect(takeReturn(event as never, '/profile')).toBe('/profile')
  })

  it.each(['//evil.example', 'https://evil.example', '', null])(
    'remembers nothing for %s',
    (target) => {
      const event = jar()
      rememberReturn(event as never, target)
      expect(event.values.size).toBe(0)
      expect(takeReturn(event as never, '/profile')).toBe('/profile')
    },
  )

  it('does not follow a cookie set to another site', () => {
    const event = jar()
    event.values.set('agora_return_to', '//evil.example')
    expect(takeReturn(event as never, '/profile')).toBe('/profile')
    expect(event.values.size).toBe(0)
  })
})

describe('POST /language', () => {
  async function post(body: Record<string, string>) {
    const set: { name: string; value: string }[] = []
    const event = {
      request: new Request('http://agora.test/language', {
        method: 'POST',
        body: new URLSearchParams(body),
      }),
      cookies: { set: (name: string, value: string) => set.push({ name, value }) },
      url: new URL('http://agora.test/language'),
    }
    try {
      await POST(event as unknown as Parameters<typeof POST>[0])
    } catch (thrown) {
      if (isRedirect(thrown)) return { status: thrown.status, location: thrown.location, set }
      throw thrown
    }
    throw new Error('no redirect')
  }

  it('remembers the language and goes back to the page', async () => {
    const answer = await post({ locale: 'sr-Latn', redirectTo: '/learn' })
    expect(answer).toMatchObject({ status: 303, location: '/learn' })
    expect(answer.set).toEqual([{ name: 'PARAGLIDE_LOCALE', value: 'sr-Latn' }])
  })

  it('goes back to a page whose address is not Latin-1, percent-encoded', async () => {
    const answer = await post({ locale: 'en', redirectTo: '/learn/€' })
    expect(answer).toMatchObject({ status: 303, location: '/learn/%E2%82%AC' })
  })

  it('does not send the reader to another site through a tab (/\\t/evil.example)', async () => {
    // The form field as `redirectTo=%2F%09%2Fevil.example` decodes to "/\t/evil.example", which a
    // browser reads as //evil.example.
    const answer = await post({ locale: 'en', redirectTo: '/\t/evil.example' })
    expect(answer.location).toBe('/')
  })

  it('ignores a language the UI does not speak', async () => {
    const answer = await post({ locale: 'xx', redirectTo: '/' })
    expect(answer.set).toEqual([])
  })
})
