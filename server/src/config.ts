import { isIP } from 'node:net'
import { resolve } from 'node:path'
import Type, { type Static } from 'typebox'
import Value from 'typebox/value'

export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Enum(['development', 'production', 'test'], {
    default: 'development',
    description: 'development | production | test',
  }),
  HOST: Type.String({ minLength: 1, default: 'localhost', description: 'interface to listen on' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'HTTP port' }),
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      description: 'PostgreSQL connection string; absent → embedded PGlite',
    }),
  ),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  AGORA_DATA_DIR: Type.String({
    minLength: 1,
    default: './data',
    description: 'where the embedded database and local files live',
  }),
  JWT_SECRET: Type.Optional(
    Type.String({ minLength: 32, description: 'signing secret for access tokens' }),
  ),
  CREDENTIAL_KEY: Type.Optional(
    Type.String({
      minLength: 32,
      description:
        'secret that encrypts the credential signing keys (AES-256-GCM, key from HKDF-SHA256); every replica must share it',
    }),
  ),
  ORIGIN: Type.Optional(
    Type.String({
      pattern: '^https?://[^/]+$',
      description: 'public origin, e.g. https://agora.example.org',
    }),
  ),
  TRUST_PROXY: Type.String({
    default: '',
    description:
      'the reverse proxies in front, whose X-Forwarded-* are believed: addresses or CIDR ranges, comma-separated (e.g. 10.0.0.0/8,127.0.0.1); unset → none',
  }),
  COURSES_DIR: Type.String({
    minLength: 1,
    default: './courses',
    description: 'course folders imported at start (a new version when their content changed)',
  }),
  SMTP_URL: Type.Optional(
    Type.String({
      pattern: '^smtps?://',
      description:
        'e.g. smtp://user:pass@mail.example.org:587; unset → e-mails are written to AGORA_DATA_DIR/outbox',
    }),
  ),
  MAIL_FROM: Type.String({ minLength: 3, default: 'Agora <no-reply@agora.local>' }),
  OUTBOX_POLL_MS: Type.Integer({
    minimum: 0,
    maximum: 3_600_000,
    default: 1000,
    description: 'how often the e-mail worker looks for new messages; 0 turns it off',
  }),
  SCHEDULER_POLL_MS: Type.Integer({
    minimum: 0,
    maximum: 3_600_000,
    default: 60_000,
    description:
      'how often a replica looks for due scheduled tasks (purges); each runs once across replicas; 0 turns it off',
  }),
  XAPI_LRS_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s]+$',
      description:
        "a learning record store's xAPI endpoint, e.g. https://lrs.example.org/xapi; set → statements are forwarded to <url>/statements (polled every OUTBOX_POLL_MS)",
    }),
  ),
  XAPI_LRS_USERNAME: Type.Optional(
    Type.String({ minLength: 1, description: "the LRS's Basic authentication user (key)" }),
  ),
  XAPI_LRS_PASSWORD: Type.Optional(
    Type.String({ minLength: 1, description: "the LRS's Basic authentication password (secret)" }),
  ),
  SELF_REGISTRATION: Type.Boolean({
    default: false,
    description: 'let learners create their own account',
  }),
  SERVE_WEB: Type.Boolean({
    default: true,
    description: 'false: serve the API only (the pages run elsewhere, e.g. under `npm run dev`)',
  }),
  CERTIFICATE_ISSUER_NAME: Type.String({
    minLength: 1,
    maxLength: 200,
    default: 'Agora',
    description:
      "who issues a certificate when neither the learner's cluster nor a course trainer names an association",
  }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
})

export type Config = Readonly<
  Omit<Static<typeof ConfigSchema>, 'TRUST_PROXY'> & {
    /** The proxies whose X-Forwarded-* headers count, as proxy-addr reads them (empty: none). */
    TRUST_PROXY: readonly string[]
  }
>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const secretVariables = new Set([
  'JWT_SECRET',
  'CREDENTIAL_KEY',
  'DATABASE_URL',
  'SMTP_URL',
  'XAPI_LRS_PASSWORD',
])
const variableNames = Object.keys(ConfigSchema.properties) as (keyof Config)[]

/** Reads every variable once; throws one ConfigError whose message lists every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, string> = {}
  for (const name of variableNames) {
    const value = env[name]?.trim()
    if (value) raw[name] = value
  }
  const value = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, { ...raw })) as Record<
    string,
    unknown
  >

  const problems = new Map<string, string>()
  for (const error of Value.Errors(ConfigSchema, value)) {
    const name = error.instancePath.slice(1)
    if (problems.has(name)) continue
    const got = secretVariables.has(name) ? '' : ` (got ${JSON.stringify(raw[name])})`
    problems.set(name, `${name} ${describe(error, name)}${got}`)
  }
  if (value.NODE_ENV === 'production' && !value.JWT_SECRET && !problems.has('JWT_SECRET')) {
    problems.set('JWT_SECRET', 'JWT_SECRET is required when NODE_ENV=production')
  }
  if (value.NODE_ENV === 'production' && !value.CREDENTIAL_KEY && !problems.has('CREDENTIAL_KEY')) {
    problems.set(
      'CREDENTIAL_KEY',
      'CREDENTIAL_KEY is required when NODE_ENV=production (it opens the keys that sign certificates)',
    )
  }
  if (value.NODE_ENV === 'production' && !value.ORIGIN && !problems.has('ORIGIN')) {
    problems.set(
      'ORIGIN',
      'ORIGIN is required when NODE_ENV=production (links in e-mails are built from it)',
    )
  }
  const proxies = trustedProxies(String(value.TRUST_PROXY ?? ''))
  if (typeof proxies === 'string' && !problems.has('TRUST_PROXY'))
    problems.set('TRUST_PROXY', `TRUST_PROXY ${proxies} (got ${JSON.stringify(raw.TRUST_PROXY)})`)
  if (problems.size > 0)
    throw new ConfigError(`Invalid configuration: ${[...problems.values()].join('; ')}`)

  return Object.freeze({
    ...value,
    TRUST_PROXY: Object.freeze(proxies as string[]),
    AGORA_DATA_DIR: resolve(String(value.AGORA_DATA_DIR)),
    COURSES_DIR: resolve(String(value.COURSES_DIR)),
  }) as Config
}

function describe(error: { keyword: string; message: string }, name: string): string {
  const schema = ConfigSchema.properties[name as keyof Config] as unknown as Record<string, unknown>
  if (Array.isArray(schema.enum)) return `must be one of ${schema.enum.join(', ')}`
  switch (schema.type) {
    case 'integer':
      return `must be a whole number from ${schema.minimum} to ${schema.maximum}`
    case 'boolean':
      return 'must be true or false'
  }
  if (error.keyword === 'minLength') return `must be at least ${schema.minLength} characters long`
  if (error.keyword === 'pattern' && name === 'DATABASE_URL')
    return 'must start with postgres:// or postgresql://'
  if (error.keyword === 'pattern' && name === 'SMTP_URL')
    return 'must start with smtp:// or smtps://'
  if (error.keyword === 'pattern' && name === 'XAPI_LRS_URL')
    return 'must start with http:// or https://'
  if (error.keyword === 'pattern' && name === 'ORIGIN')
    return 'must be a scheme and host, like https://agora.example.org'
  return error.message
}

// proxy-addr's names for the loopback, link-local and unique-local ranges.
const rangeNames = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** One trusted proxy: an IPv4 or IPv6 address, optionally with a prefix length, or a range name. */
function isProxyEntry(entry: string): boolean {
  if (rangeNames.has(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const version = isIP(address)
  if (version === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
}

/**
 * TRUST_PROXY's list, or what is wrong with it. `true` (which used to trust whoever connected) is
 * refused: a client reaching the app directly could then choose the address that rate limits and
 * the audit log see.
 */
function trustedProxies(value: string): string[] | string {
  if (value === '' || value === 'false') return []
  const example = 'e.g. 10.0.0.0/8,127.0.0.1'
  if (value === 'true')
    return `must list the addresses of the proxies in front (addresses or CIDR ranges separated by commas, ${example}), not true`
  const entries = value.split(',').map((entry) => entry.trim())
  const bad = entries.find((entry) => !isProxyEntry(entry))
  if (bad !== undefined)
    return `has ${JSON.stringify(bad)}, which is not an IP address or CIDR range (list the proxies in front, ${example})`
  return entries
}

/** Where links in e-mails point. Never taken from the request's Host header, which a client controls. */
export function publicOrigin(config: Config): string {
  return config.ORIGIN ?? `http://localhost:${config.PORT}`
}
