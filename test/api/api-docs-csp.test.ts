import { describe, expect } from 'vitest'
import { it } from '../../server/src/testing/app.ts'

/** The policy's directives by name: "script-src 'self'" → { 'script-src': ["'self'"] }. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  )
}

describe('/api/docs (Swagger UI)', () => {
  it('has a strict Content-Security-Policy: its own scripts and styles only, nothing inline', async ({
    app,
  }) => {
    for (const url of ['/api/docs', '/api/docs/', '/api/docs/static/swagger-initializer.js']) {
      const response = await app.inject(url)
      expect(response.statusCode, url).toBeLessThan(400)
      const policy = directives(String(response.headers['content-security-policy'] ?? ''))
      expect(policy, url).toMatchObject({
        'default-src': ["'none'"],
        'script-src': ["'self'"],
        'connect-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'object-src': ["'none'"],
      })
      // Swagger UI's one inline style (its logo's SVG) is allowed by its hash, nothing else inline.
      const [self, ...hashes] = policy['style-src'] ?? []
      expect(self, url).toBe("'self'")
      expect(hashes, url).toHaveLength(1)
      expect(hashes[0], url).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/)
      expect(Object.values(policy).flat(), url).not.toContain("'unsafe-inline'")
      expect(Object.values(policy).flat(), url).not.toContain("'unsafe-eval'")
    }
  })

  it('loads every script and style from this origin, with no inline script', async ({ app }) => {
    const html = (await app.inject('/api/docs/')).body
    const sources = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map(
      (match) => match[1]!,
    )
    expect(sources.length).toBeGreaterThanOrEqual(3)
    for (const source of sources)
      expect(new URL(source, 'http://agora.test/api/docs/').origin).toBe('http://agora.test')
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
      ([, attributes, body]) => !/\bsrc=/.test(attributes!) && body!.trim() !== '',
    )
    expect(inline).toEqual([])
  })
})
