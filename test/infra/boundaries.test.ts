import { spawnSync } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

interface Violation {
  rule: string
  from: string
  to: string
}

const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')
const lintScript = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
).scripts['lint:boundaries']
const boundaryArgs = (lintScript ?? '').split(/\s+/).slice(1)

/** One forbidden import per boundary of ARCHITECTURE.md, each in a file of its own. */
const plants: { file: string; source: string; rule: string; to: string }[] = [
  {
    file: 'server/src/progression/planted.ts',
    source: "export { createDb } from '../db/create-db.ts'\n",
    rule: 'progression-no-node',
    to: 'server/src/db/create-db.ts',
  },
  {
    file: 'server/src/course-format/planted.ts',
    source: "export { Problem } from '../http/problem.ts'\n",
    rule: 'pure-libraries',
    to: 'server/src/http/problem.ts',
  },
  {
    file: 'server/src/course-format/planted-feature.ts',
    source: "export * from '../audit/service.ts'\n",
    rule: 'pure-libraries',
    to: 'server/src/audit/service.ts',
  },
  {
    file: 'server/src/selection/planted.ts',
    source: "export { createDb } from '../db/create-db.ts'\n",
    rule: 'pure-libraries',
    to: 'server/src/db/create-db.ts',
  },
  {
    file: 'server/src/tabular/planted.ts',
    source: "export { contextOf } from '../http/context.ts'\n",
    rule: 'pure-libraries',
    to: 'server/src/http/context.ts',
  },
  {
    file: 'migrations/9999_planted.ts',
    source: "export { loadConfig } from '../server/src/config.ts'\n",
    rule: 'migrations-frozen',
    to: 'server/src/config.ts',
  },
  {
    file: 'server/src/db/planted.ts',
    source: "export * from '../audit/service.ts'\n",
    rule: 'db-below-features',
    to: 'server/src/audit/service.ts',
  },
  {
    file: 'web/src/lib/planted.ts',
    source: "export * from '../../../server/src/http/pagination.ts'\n",
    rule: 'web-through-contract',
    to: 'server/src/http/pagination.ts',
  },
  {
    file: 'server/src/audit/planted.ts',
    source: "export * from '../identity/queries.ts'\n",
    rule: 'no-queries-across-features',
    to: 'server/src/identity/queries.ts',
  },
  {
    file: 'server/src/organisations/planted.ts',
    source: "export * from '../identity/routes.ts'\n",
    rule: 'features-through-service',
    to: 'server/src/identity/routes.ts',
  },
]

let copy: string

/** The tree as the boundary check sees it, with node_modules linked so @agora/server is the copy. */
function copyTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agora-boundaries-'))
  for (const path of [
    'server/src',
    'server/package.json',
    'web/src',
    'web/package.json',
    'scripts',
    'migrations',
  ]) {
    cpSync(join(root, path), join(dir, path), {
      recursive: true,
      filter: (source) => !/[/\\](node_modules|paraglide)([/\\]|$)/.test(source),
    })
  }
  for (const file of [
    'package.json',
    'tsconfig.json',
    'tsconfig.base.json',
    '.dependency-cruiser.cjs',
  ]) {
    cpSync(join(root, file), join(dir, file))
  }
  mkdirSync(join(dir, 'node_modules/@agora'), { recursive: true })
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry === '@agora') continue
    symlinkSync(join(root, 'node_modules', entry), join(dir, 'node_modules', entry))
  }
  symlinkSync(join(dir, 'server'), join(dir, 'node_modules/@agora/server'))
  symlinkSync(join(dir, 'web'), join(dir, 'node_modules/@agora/web'))
  return dir
}

/** The check exactly as `npm run lint:boundaries` runs it; violations parsed from its report. */
function cruise(dir: string): { status: number | null; violations: Violation[] } {
  const result = spawnSync(process.execPath, [depcruise, ...boundaryArgs], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const violations = [...result.stdout.matchAll(/^\s*error ([\w-]+): (\S+) → (\S+)$/gm)].map(
    ([, rule, from, to]) => ({ rule: rule ?? '', from: from ?? '', to: to ?? '' }),
  )
  return { status: result.status, violations }
}

describe('the import boundary check', () => {
  beforeAll(() => {
    copy = copyTree()
    for (const plant of plants) writeFileSync(join(copy, plant.file), plant.source)
  })
  afterAll(() => rmSync(copy, { recursive: true, force: true }))

  it('is the lint script', () => expect(lintScript).toMatch(/^depcruise /))

  it('fails on every planted forbidden import, and on nothing else', () => {
    const { status, violations } = cruise(copy)
    expect(status).not.toBe(0)
    for (const plant of plants) {
      expect(violations).toContainEqual({ rule: plant.rule, from: plant.file, to: plant.to })
    }
    // The real tree has no violation of its own: everything reported comes from a planted file.
    const planted = new Set(plants.map((plant) => plant.file))
    expect(violations.filter((violation) => !planted.has(violation.from))).toEqual([])
  })
})
