import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, extname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../', import.meta.url))

/** What the web build is made from, besides the server files it bundles. */
const webSources = [
  'src',
  'messages',
  'static',
  'vite.config.ts',
  'svelte.config.js',
  'project.inlang/settings.json',
  'package.json',
]

// `import x from '…'`, `export … from '…'`, `import '…'` and `import('…')`, in TypeScript and Svelte.
const importPattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"\n]+)['"]/g
const codeFile = /\.(?:ts|js|mjs|svelte)$/

function specifiersIn(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(importPattern)].map((match) => match[1]!)
}

function filesUnder(path: string, skip: string): string[] {
  if (!existsSync(path) || path === skip) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path).flatMap((entry) => filesUnder(join(path, entry), skip))
}

/** A relative specifier as a file: server code names its `.ts` files, the web may leave it off. */
function fileOf(from: string, specifier: string): string | undefined {
  const path = resolve(dirname(from), specifier)
  const candidates = extname(path) ? [path] : [`${path}.ts`, `${path}.js`, join(path, 'index.ts')]
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile())
}

/**
 * The server files the web bundle takes in: the `@agora/server/*` entry points (and any server
 * file) the web imports, and every server file those import in turn, found by following their
 * relative imports. Package imports (xstate, typebox) are node_modules, not our sources.
 */
export function serverFilesInWebBundle(root = repoRoot): string[] {
  const webDir = join(root, 'web')
  const serverDir = join(root, 'server')
  const inServer = (file: string) => !relative(serverDir, file).startsWith('..')
  const entryPoints =
    (
      JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8')) as {
        exports?: Record<string, string>
      }
    ).exports ?? {}

  const pending: string[] = []
  const generated = join(webDir, 'src', 'lib', 'paraglide')
  for (const file of filesUnder(join(webDir, 'src'), generated).filter((f) => codeFile.test(f))) {
    for (const specifier of specifiersIn(file)) {
      if (specifier.startsWith('@agora/server/')) {
        const target = entryPoints[`./${specifier.slice('@agora/server/'.length)}`]
        if (target) pending.push(join(serverDir, target))
      } else if (specifier.startsWith('.')) {
        const target = fileOf(file, specifier)
        if (target && inServer(target)) pending.push(target)
      }
    }
  }
  const found = new Set<string>()
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (found.has(file) || !existsSync(file)) continue
    found.add(file)
    for (const specifier of specifiersIn(file)) {
      if (!specifier.startsWith('.')) continue
      const target = fileOf(file, specifier)
      if (target && inServer(target)) pending.push(target)
    }
  }
  return [...found].sort()
}

function newestChange(path: string, skip: string): number {
  if (!existsSync(path) || path === skip) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((entry) => newestChange(join(path, entry), skip)),
  )
}

/**
 * True when the web build is missing or older than any of its sources: the web's own, and the
 * server files it bundles (the contract, the progression machine and what they import).
 */
export function webBuildIsStale(root = repoRoot): boolean {
  const webDir = join(root, 'web')
  const builtHandler = join(webDir, 'build', 'handler.js')
  if (!existsSync(builtHandler)) return true
  const builtAt = statSync(builtHandler).mtimeMs
  const generated = join(webDir, 'src', 'lib', 'paraglide')
  const sources = [
    ...webSources.map((source) => join(webDir, source)),
    join(root, 'server', 'package.json'),
    // Installed versions (Vite, Svelte, the packages the pages use) are part of the build too.
    join(root, 'package-lock.json'),
    ...serverFilesInWebBundle(root),
  ]
  return sources.some((source) => newestChange(source, generated) > builtAt)
}

/**
 * Builds the web app. Everything the build prints (Vite writes its warnings to stderr) goes to
 * stdout: `npm start` keeps stderr for what stops it, one line each.
 */
export function buildWeb(): void {
  console.log('Building the web app (first start, or its sources changed)…')
  const result = spawnSync('npm', ['run', 'build', '-w', 'web', '--silent'], {
    stdio: ['inherit', 'inherit', process.stdout.fd],
  })
  if (result.status !== 0) throw new Error('The web build failed; see the output above.')
}
