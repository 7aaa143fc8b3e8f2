import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * A PostgreSQL cluster of the test's own, from the machine's binaries: a test may stop, start and
 * cut it off without touching the shared server on 5432. Listens on 127.0.0.1 on a free port;
 * trust authentication, user `postgres`, database `postgres`.
 */
export interface PgCluster {
  port: number
  /** A connection URL; `params` become query parameters (e.g. application_name). */
  url(database?: string, params?: Record<string, string>): string
  /** `pg_ctl start`, waiting until it accepts connections (also after stop()). */
  start(): Promise<void>
  /** `pg_ctl stop -m fast`: open sessions are terminated, new connections refused. */
  stop(): Promise<void>
  /** Stops the cluster if it runs and deletes its files. */
  destroy(): Promise<void>
}

/** The newest installed server's binaries (Debian keeps them out of PATH), or PG_BIN. */
export function postgresBinaries(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (!versions[0]) throw new Error(`no PostgreSQL server binaries under ${root} (set PG_BIN)`)
  return join(root, versions[0], 'bin')
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** initdb refuses to run as root: as root, the server's tools run as the `postgres` OS user. */
async function asOwner(command: string, args: string[]): Promise<void> {
  const [file, argv] =
    process.getuid?.() === 0
      ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
      : [command, args]
  await run(file, argv, { cwd: tmpdir() })
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = postgresBinaries()
  const dir = mkdtempSync(join(tmpdir(), 'agora-pg-'))
  const data = join(dir, 'data')
  mkdirSync(data)
  if (process.getuid?.() === 0) {
    const [uid, gid] = await Promise.all(
      ['-u', '-g'].map(async (flag) => Number((await run('id', [flag, 'postgres'])).stdout)),
    )
    for (const path of [dir, data]) chownSync(path, uid!, gid!)
  }
  const port = await freePort()
  let running = false
  const pgCtl = (...args: string[]) => asOwner(join(bin, 'pg_ctl'), ['-D', data, '-w', ...args])
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ')

  const cluster: PgCluster = {
    port,
    url(database = 'postgres', params = {}) {
      const query = new URLSearchParams(params).toString()
      return `postgres://postgres@127.0.0.1:${port}/${database}${query ? `?${query}` : ''}`
    },
    async start() {
      await pgCtl('-l', join(dir, 'server.log'), '-o', options, 'start')
      running = true
    },
    async stop() {
      await pgCtl('-m', 'fast', 'stop')
      running = false
    },
    async destroy() {
      if (running) await pgCtl('-m', 'immediate', 'stop').catch(() => {})
      running = false
      rmSync(dir, { recursive: true, force: true })
    },
  }
  try {
    await asOwner(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ])
    await cluster.start()
  } catch (error) {
    await cluster.destroy()
    throw error
  }
  return cluster
}
