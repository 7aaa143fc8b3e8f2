import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// ARCHITECTURE.md names one owner per table; this keeps the code to it. A table is "used" by a
// file when Kysely names it (selectFrom('users'), innerJoin('users as u'), …) or raw SQL does
// (from users, join users, into users, update users).
const root = resolve(import.meta.dirname, '../..')
const serverSrc = join(root, 'server/src')

/** Statements that cross owners on purpose; each is explained in ARCHITECTURE.md. */
const exceptions: Record<string, string[]> = {
  // commitProgression: one statement for an accepted event (the submit's budget depends on it).
  'server/src/enrolments/queries.ts': ['quiz_attempts', 'idempotency_keys', 'audit_events'],
}

const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

function ownersFromArchitecture(): Map<string, string> {
  const text = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8')
  const section = text.split('## Tables and their owners')[1]?.split('\n## ')[0] ?? ''
  const owners = new Map<string, string>()
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim())
    const [, owner, tables] = cells
    if (!owner || !tables || owner === 'owner' || owner.startsWith('---')) continue
    const folder = owner.split(' ')[0] ?? owner
    for (const [, table] of tables.matchAll(/`([a-z_]+)`/g)) owners.set(table ?? '', folder)
  }
  return owners
}

function tablesOfDatabase(): string[] {
  const schema = readFileSync(join(serverSrc, 'db/schema.ts'), 'utf8')
  const body = schema.split('export interface Database {')[1]?.split('}')[0] ?? ''
  return [...body.matchAll(/^\s+(\w+):/gm)].map(([, name]) => snake(name ?? ''))
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

function tablesUsedBy(source: string, known: Set<string>): Set<string> {
  const used = new Set<string>()
  const kysely =
    /\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|mergeInto)\(\s*'(\w+)/g
  for (const [, name] of source.matchAll(kysely)) used.add(snake(name ?? ''))
  for (const [, name] of source.matchAll(/\b(?:from|join|into|update)\s+([a-z_]+)\b/g)) {
    if (known.has(name ?? '')) used.add(name ?? '')
  }
  return used
}

describe('table owners (ARCHITECTURE.md)', () => {
  const owners = ownersFromArchitecture()
  const tables = tablesOfDatabase()

  it('names exactly one owner for every table of the Database interface', () => {
    expect(tables.length).toBeGreaterThan(10)
    expect([...owners.keys()].sort()).toEqual([...tables].sort())
  })

  it('keeps every table to its owner: other parts go through the owner’s service', () => {
    const known = new Set(tables)
    const trespasses: string[] = []
    const folders = readdirSync(serverSrc, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !['testing', 'db'].includes(entry.name))
      .map((entry) => entry.name)
    for (const folder of folders) {
      for (const file of sourceFiles(join(serverSrc, folder))) {
        const path = relative(root, file)
        for (const table of tablesUsedBy(readFileSync(file, 'utf8'), known)) {
          if (owners.get(table) === folder || exceptions[path]?.includes(table)) continue
          trespasses.push(`${path} uses ${table} (owner: ${owners.get(table) ?? 'none'})`)
        }
      }
    }
    expect(trespasses).toEqual([])
  })

  it('sees a trespass when there is one', () => {
    const known = new Set(tables)
    expect(tablesUsedBy("db.selectFrom('userRoles as r')", known)).toEqual(new Set(['user_roles']))
    expect(tablesUsedBy('sql`select 1 from quiz_attempts q join enrolments e`', known)).toEqual(
      new Set(['quiz_attempts', 'enrolments']),
    )
  })
})
