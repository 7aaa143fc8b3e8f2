import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { loadConfig } from '../../server/src/config.ts'

const repoRoot = new URL('../../', import.meta.url)
const composeFile = new URL('../../docker-compose.yml', import.meta.url)
const dockerfile = new URL('../../Dockerfile', import.meta.url)

type Healthcheck = { test?: string | string[]; interval?: string }
type VolumeMount = string | { type?: string; source?: string; target?: string }
type Service = {
  image?: string
  build?: string | { context?: string }
  deploy?: { replicas?: number }
  environment?: Record<string, string | number | boolean | null> | string[]
  depends_on?: string[] | Record<string, { condition?: string }>
  healthcheck?: Healthcheck
  ports?: unknown[]
  volumes?: VolumeMount[]
  networks?: string[] | Record<string, { ipv4_address?: string } | null>
}
type Compose = {
  version?: unknown
  services: Record<string, Service>
  volumes?: Record<string, unknown>
  networks?: Record<string, { ipam?: { config?: { subnet?: string }[] } }>
}

const compose = parse(readFileSync(composeFile, 'utf8')) as Compose
const services = compose.services ?? {}

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {}
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=')
        return at === -1 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)]
      }),
    )
  }
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, String(value ?? '')]))
}

function mounts(service: Service): { source: string; target: string }[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'string') {
      const [source = '', target = ''] = volume.split(':')
      return { source, target }
    }
    return { source: volume.source ?? '', target: volume.target ?? '' }
  })
}

const isNamedVolume = (source: string) => source !== '' && !/^[./~$]/.test(source)

describe('docker-compose.yml', () => {
  it('uses the Compose spec (no version key) and defines postgres, app and proxy', () => {
    expect(compose).not.toHaveProperty('version')
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'app', 'proxy']))
  })

  it('runs PostgreSQL 16 with a required password and a named data volume', () => {
    const postgres = services.postgres!
    expect(postgres.image).toMatch(/^postgres:16/)
    expect(environment(postgres).POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?.+\}$/)
    const data = mounts(postgres).find((mount) => mount.target === '/var/lib/postgresql/data')
    expect(data).toBeDefined()
    expect(isNamedVolume(data!.source)).toBe(true)
  })

  it('builds two app replicas from the repository root', () => {
    const app = services.app!
    const context = typeof app.build === 'string' ? app.build : app.build?.context
    expect(context).toBe('.')
    expect(app.deploy?.replicas).toBe(2)
  })

  it('health-checks the app and starts it only once postgres is healthy', () => {
    const app = services.app!
    expect(app.healthcheck?.test).toBeDefined()
    expect(app.healthcheck?.interval).toBeDefined()
    expect([app.healthcheck?.test].flat().join(' ')).toContain('/api/v1/health')
    expect(Array.isArray(app.depends_on)).toBe(false)
    const dependsOn = app.depends_on as Record<string, { condition?: string }>
    expect(dependsOn.postgres?.condition).toBe('service_healthy')
  })

  it('points the app at the postgres service and requires JWT_SECRET and CREDENTIAL_KEY', () => {
    const env = environment(services.app!)
    const url = new URL(String(env.DATABASE_URL).replace(/\$\{[^}]*\}/g, 'secret'))
    expect(url.protocol).toMatch(/^postgres(ql)?:$/)
    expect(url.hostname).toBe('postgres')
    expect(url.pathname).toBe('/agora')
    expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?.+\}$/)
    expect(env.CREDENTIAL_KEY).toMatch(/^\$\{CREDENTIAL_KEY:\?.+\}$/)
    expect(env.NODE_ENV).toBe('production')
  })

  it("trusts X-Forwarded-* from the proxy's fixed address only", () => {
    const proxyNetworks = services.proxy!.networks as Record<string, { ipv4_address?: string }>
    const [network, settings] = Object.entries(proxyNetworks ?? {})[0] ?? []
    const address = settings?.ipv4_address ?? ''
    expect(environment(services.app!).TRUST_PROXY).toBe(address)
    expect(loadConfig({ TRUST_PROXY: address }).TRUST_PROXY).toEqual([address])
    // The app and the database share that network (the proxy's address is in its subnet).
    expect(services.app!.networks).toContain(network)
    expect(services.postgres!.networks).toContain(network)
    const subnet = compose.networks?.[network!]?.ipam?.config?.[0]?.subnet ?? ''
    expect(subnet).toMatch(/^\d+\.\d+\.\d+\.0\/24$/)
    expect(address.startsWith(subnet.replace(/0\/24$/, ''))).toBe(true)
  })

  it('publishes no app ports: only the proxy is reachable from outside', () => {
    expect(services.app!.ports ?? []).toEqual([])
    expect(services.proxy!.ports?.length ?? 0).toBeGreaterThan(0)
  })

  it('mounts a Caddyfile into the proxy that balances app:3000 with active health checks', () => {
    const mount = mounts(services.proxy!).find((entry) => entry.target === '/etc/caddy/Caddyfile')
    expect(mount).toBeDefined()
    const caddyfile = new URL(mount!.source, repoRoot)
    expect(existsSync(caddyfile)).toBe(true)
    const text = readFileSync(caddyfile, 'utf8')
    expect(text).toContain('app:3000')
    expect(text).toMatch(/^\s*health_uri \/api\/v1\/health\s*$/m)
  })

  it('gives every service a healthcheck', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test, `${name} has no healthcheck`).toBeDefined()
    }
  })

  it('declares every named volume under the top-level volumes key', () => {
    const declared = Object.keys(compose.volumes ?? {})
    const used = Object.values(services).flatMap((service) =>
      mounts(service)
        .map((mount) => mount.source)
        .filter(isNamedVolume),
    )
    expect(used.length).toBeGreaterThan(0)
    for (const name of used) expect(declared, `volume ${name} is not declared`).toContain(name)
  })
})

describe('Dockerfile', () => {
  // Continuation lines joined, comments dropped: one instruction per line.
  const lines = readFileSync(dockerfile, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  const finalStage = lines.slice(lines.findLastIndex((line) => /^FROM\s/i.test(line)))

  it('has a HEALTHCHECK that probes the health endpoint', () => {
    const healthcheck = finalStage.find((line) => /^HEALTHCHECK\s/i.test(line))
    expect(healthcheck).toBeDefined()
    expect(healthcheck).toContain('/api/v1/health')
  })

  it('exposes port 3000 and runs as the node user', () => {
    expect(finalStage).toContain('EXPOSE 3000')
    expect(finalStage).toContain('USER node')
  })

  it('starts the server directly with node', () => {
    const cmd = finalStage.findLast((line) => /^CMD\s/i.test(line))
    expect(cmd).toBeDefined()
    const argv = JSON.parse(cmd!.replace(/^CMD\s+/i, '')) as string[]
    expect(argv[0]).toBe('node')
    expect(argv).toContain('server/src/main.ts')
  })
})
