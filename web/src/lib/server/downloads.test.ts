import { afterEach, describe, expect, it } from 'vitest'
import { baseLocale, overwriteGetLocale } from '$lib/paraglide/runtime'
import { passOnDownload } from './downloads'

afterEach(() => overwriteGetLocale(() => baseLocale))

/** A page's fetch that answers with a CSV and remembers the address asked for. */
function fetchOnce() {
  const asked: string[] = []
  const fetch = async (input: RequestInfo | URL) => {
    asked.push(String(input))
    return new Response('\uFEFFa,b\r\n', {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="members-x.csv"',
        'set-cookie': 'not=passed',
      },
    })
  }
  return { asked, event: { fetch, url: new URL('http://127.0.0.1/coordinate') } }
}

describe('passOnDownload', () => {
  it("asks the API for the file in the reader's language and passes on its type and name", async () => {
    overwriteGetLocale(() => 'sr-Latn')
    const { asked, event } = fetchOnce()
    const response = await passOnDownload(
      event as unknown as Parameters<typeof passOnDownload>[0],
      '/learning-clusters/1/exports/members.csv',
    )
    expect(asked).toEqual(['/api/v1/learning-clusters/1/exports/members.csv?lang=sr-Latn'])
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="members-x.csv"')
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    expect(response.headers.get('set-cookie')).toBeNull()
  })

  it('keeps a query the path has', async () => {
    overwriteGetLocale(() => 'en')
    const { asked, event } = fetchOnce()
    await passOnDownload(
      event as unknown as Parameters<typeof passOnDownload>[0],
      '/x/exports/a.csv?b=1',
    )
    expect(asked).toEqual(['/api/v1/x/exports/a.csv?b=1&lang=en'])
  })
})
