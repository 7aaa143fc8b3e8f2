// `npm run dev`: the API under tsx watch (restarts on server or migration changes) and the pages
// under Vite with hot module reload; Vite proxies /api to the API. Ctrl+C stops both.
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { ConfigError, loadConfig } from '../server/src/config.ts'

let config
try {
  config = loadConfig()
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(error.message)
  process.exit(1)
}
const apiOrigin = `http://127.0.0.1:${config.PORT}`
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')

const children: ChildProcess[] = [
  spawn(
    process.execPath,
    [tsxCli, 'watch', '--clear-screen=false', '--include', 'migrations', 'server/src/main.ts'],
    {
      stdio: 'inherit',
      env: { ...process.env, SERVE_WEB: 'false', HOST: '127.0.0.1' },
    },
  ),
  spawn('npm', ['run', 'dev', '-w', 'web', '--silent'], {
    stdio: 'inherit',
    env: { ...process.env, AGORA_API_ORIGIN: apiOrigin },
  }),
]

let stopping = false
function stop(code: number): void {
  if (stopping) return
  stopping = true
  for (const child of children) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 5000).unref()
  Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) =>
          child.exitCode !== null ? resolve(null) : child.on('exit', resolve),
        ),
    ),
  ).then(() => process.exit(code))
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0))
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
console.log(`Agora dev: pages with hot reload at http://localhost:5173 (API at ${apiOrigin})`)
