import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type DbTarget } from '../../server/src/db/create-db.ts'
import { createScratchDatabase } from '../../server/src/testing/db.ts'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs a script of the repository the way `npm start` does (node --import tsx) and collects its output. */
export function runScript(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk) => (stdout += chunk))
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const exit = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  )
  return { child, exit }
}

/** A place for one server's data: a PGlite folder, or a scratch PostgreSQL database when DATABASE_URL is set. */
export async function serverStorage(): Promise<{
  env: Record<string, string>
  target: DbTarget
  drop(): Promise<void>
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'agora-system-'))
  const url = process.env.DATABASE_URL
  if (url) {
    const scratch = await createScratchDatabase(url, 'agora_system')
    return {
      env: { AGORA_DATA_DIR: dataDir, DATABASE_URL: scratch.url },
      target: { kind: 'postgres', url: scratch.url, poolMax: 1 },
      drop: scratch.drop,
    }
  }
  return {
    env: { AGORA_DATA_DIR: dataDir },
    target: { kind: 'pglite', dataDir: join(dataDir, 'pglite') },
    drop: async () => {},
  }
}

export interface RunningServer {
  url: string
  startedInMs: number
  /** What the server printed on stdout so far. */
  output(): string
  /** How the process ended, or undefined while it runs. */
  exit(): Exit | undefined
  stop(signal?: NodeJS.Signals): Promise<Exit & { stoppedInMs: number }>
}

/** Starts server/src/main.ts on a free port and resolves once it prints where it serves. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const startedAt = performance.now()
  // Without a COURSES_DIR of its own a test server starts with no course, not with the library.
  const courses = env.COURSES_DIR ?? mkdtempSync(join(tmpdir(), 'agora-no-courses-'))
  const { child, exit } = runScript('server/src/main.ts', {
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
    COURSES_DIR: courses,
  })
  let seen = ''
  let ended: Exit | undefined
  child.stdout!.on('data', (chunk) => (seen += chunk))
  void exit.then((result) => (ended = result))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const match = /serving on (http:\/\/\S+)/.exec(seen)
      if (match) resolve(match[1]!)
    })
    void exit.then((result) =>
      reject(new Error(`server exited early (${result.code}): ${result.stderr}`)),
    )
  })
  const startedInMs = performance.now() - startedAt
  return {
    url,
    startedInMs,
    output: () => seen,
    exit: () => ended,
    async stop(signal = 'SIGTERM') {
      const stoppingAt = performance.now()
      child.kill(signal)
      const result = await exit
      return { ...result, stoppedInMs: performance.now() - stoppingAt }
    },
  }
}
