import { describe, expect, it } from 'vitest'
import { checkCredentialFile, maxCredentialFileBytes, passOnCertificateFile } from './certificates'

/** A page's fetch that answers with `response` and remembers what was asked. */
function fetching(response: () => Response) {
  const asked: { url: string; init?: RequestInit }[] = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    asked.push({ url: String(input), init })
    return response()
  }
  return { asked, event: { fetch, url: new URL('http://127.0.0.1/learn') } }
}

type Event = Parameters<typeof passOnCertificateFile>[0]

describe('passOnCertificateFile', () => {
  it('asks the API for the normalised code and names the file when the API does not', async () => {
    const { asked, event } = fetching(
      () => new Response('{"jwt":"x"}', { headers: { 'content-type': 'application/json' } }),
    )
    const response = await passOnCertificateFile(
      event as unknown as Event,
      '7kq4m2xd9hrt',
      'credential',
    )
    expect(asked.map((call) => call.url)).toEqual([
      '/api/v1/certificates/7KQ4-M2XD-9HRT/credential',
    ])
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="agora-credential-7KQ4-M2XD-9HRT.json"',
    )
    expect(response.headers.get('cache-control')).toBe('private, no-store')
  })

  it("keeps the API's file name and type for the PDF", async () => {
    const { asked, event } = fetching(
      () =>
        new Response('%PDF-1.7', {
          headers: {
            'content-type': 'application/pdf',
            'content-disposition': 'attachment; filename="agora-certificate-X.pdf"',
          },
        }),
    )
    const response = await passOnCertificateFile(event as unknown as Event, '7KQ4-M2XD-9HRT', 'pdf')
    expect(asked[0]!.url).toBe('/api/v1/certificates/7KQ4-M2XD-9HRT/certificate.pdf')
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="agora-certificate-X.pdf"',
    )
  })

  it('does not ask about what cannot be a code, and passes on a refusal as not found', async () => {
    const { asked, event } = fetching(() => new Response('', { status: 404 }))
    await expect(
      passOnCertificateFile(event as unknown as Event, '../me', 'pdf'),
    ).rejects.toMatchObject({ status: 404 })
    expect(asked).toEqual([])
    await expect(
      passOnCertificateFile(event as unknown as Event, '7KQ4-M2XD-9HRT', 'pdf'),
    ).rejects.toMatchObject({ status: 404 })
  })
})

describe('checkCredentialFile', () => {
  const valid = {
    result: 'valid',
    checks: { signature: true, issuer: true, status: true, expiry: true },
  }

  it("posts the file's text to the API and hands back its verdict", async () => {
    const { asked, event } = fetching(
      () =>
        new Response(JSON.stringify(valid), { headers: { 'content-type': 'application/json' } }),
    )
    const file = new File(['  {"jwt":"a.b.c"}\n'], 'agora-credential.json')
    const check = await checkCredentialFile(event, file)
    expect(check).toEqual({ ok: true, verification: valid, fileName: 'agora-credential.json' })
    expect(asked[0]!.url).toBe('/api/v1/credential-verifications')
    expect(JSON.parse(String(asked[0]!.init?.body))).toEqual({ credential: '{"jwt":"a.b.c"}' })
  })

  it('asks for a file when none or an empty one was sent, and refuses one too large', async () => {
    const { asked, event } = fetching(() => new Response(''))
    expect(await checkCredentialFile(event, null)).toMatchObject({ ok: false, status: 400 })
    expect(await checkCredentialFile(event, new File([], 'empty.json'))).toMatchObject({
      ok: false,
      status: 400,
    })
    const large = new File(['x'.repeat(maxCredentialFileBytes + 1)], 'large.json')
    expect(await checkCredentialFile(event, large)).toMatchObject({ ok: false, status: 413 })
    expect(asked).toEqual([])
  })

  it('reports what the API cannot read as a credential as not valid', async () => {
    const { event } = fetching(
      () =>
        new Response(JSON.stringify({ type: '/problems/validation', status: 400 }), {
          status: 400,
          headers: { 'content-type': 'application/problem+json' },
        }),
    )
    const check = await checkCredentialFile(event, new File(['not a credential'], 'x.txt'))
    expect(check).toMatchObject({ ok: true, verification: { result: 'invalid' } })
  })
})
