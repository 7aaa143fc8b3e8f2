import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const webDir = fileURLToPath(new URL('../web/', import.meta.url))
const builtHandler = join(webDir, 'build', 'handler.js')
const sources = [
  'src',
  'messages',
  'static',
  'vite.config.ts',
  'project.inlang/settings.json',
  'package.json',
]
const generated = join(webDir, 'src', 'lib', 'paraglide')

function newestChange(path: string): number {
  if (!existsSync(path) || path === generated) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((entry) => newestChange(join(path, entry))),
  )
}

/** True when the web build is missing or older than any of its sources. */
export function webBuildIsStale(): boolean {
  if (!existsSync(builtHandler)) return true
  const builtAt = statSync(builtHandler).mtimeMs
  return sources.some((source) => newestChange(join(webDir, source)) > builtAt)
}

export function buildWeb(): void {
  console.log('Building the web app (first start, or its sources changed)…')
  const result = spawnSync('npm', ['run', 'build', '-w', 'web', '--silent'], { stdio: 'inherit' })
  if (result.status !== 0) throw new Error('The web build failed; see the output above.')
}
