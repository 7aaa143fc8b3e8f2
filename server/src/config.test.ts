import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConfigError, ConfigSchema, loadConfig } from './config.ts'

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('applies defaults and converts types', () => {
    const config = loadConfig({ PORT: '8080', TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' })
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      HOST: 'localhost',
      PORT: 8080,
      TRUST_PROXY: ['10.0.0.0/8', '127.0.0.1'],
      LOG_LEVEL: 'info',
    })
    expect(config.DATABASE_URL).toBeUndefined()
    expect(config.AGORA_DATA_DIR).toMatch(/\/data$/)
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: ' ' }).PORT).toBe(3000)
  })

  it('names the variable and the reason in one line', () => {
    const message = configError({ PORT: 'abc' })
    expect(message).toBe(
      'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "abc")',
    )
    expect(message).not.toContain('\n')
  })

  it('lists every bad variable at once', () => {
    const message = configError({
      PORT: '70000',
      LOG_LEVEL: 'loud',
      TRUST_PROXY: 'maybe',
      NODE_ENV: 'staging',
      SELF_REGISTRATION: 'perhaps',
    })
    for (const name of ['PORT', 'LOG_LEVEL', 'TRUST_PROXY', 'NODE_ENV', 'SELF_REGISTRATION'])
      expect(message).toContain(name)
    expect(message).toContain('must be one of fatal, error, warn, info, debug, trace, silent')
    expect(message).toContain('must be true or false')
  })

  it('trusts only the proxies listed in TRUST_PROXY, and none by default', () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual([])
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toEqual([])
    expect(loadConfig({ TRUST_PROXY: '172.30.53.10,::1,fd00::/8,loopback' }).TRUST_PROXY).toEqual([
      '172.30.53.10',
      '::1',
      'fd00::/8',
      'loopback',
    ])
    // "true" trusted whatever connected: a client reaching the app directly chose its address.
    expect(configError({ TRUST_PROXY: 'true' })).toBe(
      'Invalid configuration: TRUST_PROXY must list the addresses of the proxies in front ' +
        '(addresses or CIDR ranges separated by commas, e.g. 10.0.0.0/8,127.0.0.1), not true (got "true")',
    )
    for (const bad of ['10.0.0.0/33', '10.0.0.300', 'proxy.example.org', '10.0.0.1,,', '::1/129'])
      expect(configError({ TRUST_PROXY: bad })).toContain('TRUST_PROXY')
    expect(configError({ TRUST_PROXY: '10.0.0.1, 10.0.0.0/40' })).toContain('"10.0.0.0/40"')
  })

  it('never echoes secrets back', () => {
    const message = configError({
      JWT_SECRET: 'hunter2',
      CREDENTIAL_KEY: 'swordfish',
      DATABASE_URL: 'mysql://root:pw@db/x',
    })
    expect(message).toContain('JWT_SECRET must be at least 32 characters long')
    expect(message).toContain('CREDENTIAL_KEY must be at least 32 characters long')
    expect(message).not.toContain('swordfish')
    expect(message).toContain('DATABASE_URL must start with postgres:// or postgresql://')
    expect(message).not.toContain('hunter2')
    expect(message).not.toContain(':pw@')
  })

  it('requires JWT_SECRET in production', () => {
    expect(configError({ NODE_ENV: 'production' })).toContain(
      'JWT_SECRET is required when NODE_ENV=production',
    )
    expect(configError({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toContain(
      'ORIGIN is required',
    )
    expect(configError({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toContain(
      'CREDENTIAL_KEY is required when NODE_ENV=production',
    )
    expect(
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(32),
        CREDENTIAL_KEY: 'y'.repeat(32),
        ORIGIN: 'https://a.example',
      }).NODE_ENV,
    ).toBe('production')
  })

  it('rejects an ORIGIN with a path', () => {
    expect(configError({ ORIGIN: 'https://agora.example.org/app' })).toContain(
      'ORIGIN must be a scheme and host',
    )
    expect(loadConfig({ ORIGIN: 'https://agora.example.org' }).ORIGIN).toBe(
      'https://agora.example.org',
    )
  })
})

describe('.env.example', () => {
  const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')
  const documented = [...text.matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1])

  it('documents exactly the variables the schema reads', () => {
    expect(documented.sort()).toEqual(Object.keys(ConfigSchema.properties).sort())
  })

  it('holds values the schema accepts', () => {
    const env = Object.fromEntries(
      [...text.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((match) => [match[1], match[2]]),
    )
    expect(() => loadConfig(env)).not.toThrow()
  })
})
