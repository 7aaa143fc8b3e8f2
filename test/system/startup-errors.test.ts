import { beforeAll, describe, expect, it } from 'vitest'
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.ts'
import { runScript } from '../support/server-process.ts'

// What `npm start` runs. Each failure is one line on stderr naming what is wrong, and exit code 1.
describe('start-up failures', () => {
  // The suite's globalSetup built the web app, but a source edited since then (the contract, a
  // page) makes start.ts rebuild it inside a timed test: build it here, before the clock runs.
  beforeAll(() => {
    if (webBuildIsStale()) buildWeb()
  }, 300_000)

  it('a bad PORT', async () => {
    const { exit } = runScript('scripts/start.ts', { PORT: 'abc' })
    const result = await exit
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "abc")',
    )
    expect(result.stdout).toBe('')
  })

  it('an unreachable database', async () => {
    const { exit } = runScript('scripts/start.ts', {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x',
    })
    const result = await exit
    expect(result.code).toBe(1)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/x \(DATABASE_URL\): .*ECONNREFUSED/,
    )
    expect(result.stderr).not.toContain('    at ')
  })
})
