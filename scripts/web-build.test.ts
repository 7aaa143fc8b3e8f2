import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { describe, expect, test as base } from 'vitest'
import { serverFilesInWebBundle, webBuildIsStale } from './web-build.ts'

const builtAt = new Date('2026-06-01T12:00:00Z')
const before = new Date('2026-06-01T11:00:00Z')
const after = new Date('2026-06-01T13:00:00Z')

/** A small repository: a web that imports the server's two entry points, built after its sources. */
const files: Record<string, string> = {
  'package-lock.json': '{}',
  'web/package.json': '{}',
  'web/vite.config.ts': 'export default {}',
  'web/src/routes/+page.svelte':
    '<script lang="ts">\n  import { createProgressionMachine } from \'@agora/server/progression\'\n</script>',
  'web/src/lib/server/api.ts': "import type { Course } from '@agora/server/contract'",
  'web/src/lib/format.ts': "import { slug } from './slug'",
  'web/src/lib/slug.ts': 'export const slug = 1',
  'web/build/handler.js': '',
  'server/package.json': JSON.stringify({
    exports: { './contract': './src/contract.ts', './progression': './src/progression/index.ts' },
  }),
  'server/src/progression/index.ts': "export * from './machine.ts'",
  'server/src/progression/machine.ts': "import { setup } from 'xstate'",
  'server/src/contract.ts': "export type { Course } from './courses/schemas.ts'",
  'server/src/courses/schemas.ts': "import { Slug } from '../http/schemas.ts'",
  'server/src/http/schemas.ts': "import { Type } from 'typebox'",
  'server/src/app.ts':
    "import Fastify from 'fastify'\nimport { routes } from './courses/routes.ts'",
  'server/src/courses/routes.ts': "import { Slug } from '../http/schemas.ts'",
}

const it = base.extend<{ root: string }>({
  root: async ({}, use) => {
    const root = mkdtempSync(join(tmpdir(), 'agora-web-build-'))
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true })
      writeFileSync(join(root, path), text)
    }
    // Folders too: a deleted source shows as a newer folder.
    const paths = Object.keys(files).flatMap((path) =>
      path.split('/').map((_, index, parts) => parts.slice(0, index + 1).join('/')),
    )
    for (const path of new Set(paths)) {
      const time = path === 'web/build/handler.js' ? builtAt : before
      utimesSync(join(root, path), time, time)
    }
    await use(root)
    rmSync(root, { recursive: true, force: true })
  },
})

const touch = (root: string, path: string) => utimesSync(join(root, path), after, after)

describe('the web build is fresh until one of its sources changes', () => {
  it('follows the web imports of the server entry points into every server file they import', ({
    root,
  }) => {
    expect(serverFilesInWebBundle(root).map((file) => relative(root, file))).toEqual([
      'server/src/contract.ts',
      'server/src/courses/schemas.ts',
      'server/src/http/schemas.ts',
      'server/src/progression/index.ts',
      'server/src/progression/machine.ts',
    ])
  })

  it('is fresh right after a build', ({ root }) => {
    expect(webBuildIsStale(root)).toBe(false)
  })

  it('is stale when a web source changes', ({ root }) => {
    expect(webBuildIsStale(root)).toBe(false)
    touch(root, 'web/src/lib/slug.ts')
    expect(webBuildIsStale(root)).toBe(true)
  })

  for (const path of [
    'server/src/progression/machine.ts',
    'server/src/contract.ts',
    'server/src/http/schemas.ts',
    'server/package.json',
    'package-lock.json',
  ]) {
    it(`is stale when ${path}, which the bundle takes in, changes`, ({ root }) => {
      expect(webBuildIsStale(root)).toBe(false)
      touch(root, path)
      expect(webBuildIsStale(root)).toBe(true)
    })
  }

  it('stays fresh when a server file outside the bundle changes', ({ root }) => {
    touch(root, 'server/src/app.ts')
    touch(root, 'server/src/courses/routes.ts')
    expect(webBuildIsStale(root)).toBe(false)
  })

  it('is stale when there is no build', ({ root }) => {
    rmSync(join(root, 'web/build'), { recursive: true })
    expect(webBuildIsStale(root)).toBe(true)
  })
})

describe("this repository's web bundle", () => {
  it('takes in the contract and the progression machine, and not the server app', () => {
    const bundled = serverFilesInWebBundle().map((file) => relative(process.cwd(), file))
    expect(bundled).toEqual(
      expect.arrayContaining(['server/src/contract.ts', 'server/src/progression/machine.ts']),
    )
    expect(bundled).not.toContain('server/src/app.ts')
    expect(bundled).not.toContain('server/src/main.ts')
  })
})
