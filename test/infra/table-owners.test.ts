import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// ARCHITECTURE.md names one owner per table, the tables each owner's queries also read (joins
// for lists), and the few statements that write another owner's table on purpose. This keeps the
// code to it. Kysely names a table in selectFrom('users'), innerJoin('users as u'), …; raw SQL in
// from/join/into/update/delete.
const root = resolve(import.meta.dirname, '../..')
const serverSrc = join(root, 'server/src')

const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
const tableNames = (cell: string) =>
  [...cell.matchAll(/`([a-z_]+)`/g)].map(([, name]) => name ?? '')

function sectionRows(heading: string): string[][] {
  const text = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8')
  const section = text.split(`\n${heading}\n`)[1]?.split('\n#')[0] ?? ''
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(-|owner|where)/.test(line))
    .map((line) =>
      line
        .split('|')
        .map((cell) => cell.trim())
        .slice(1, -1),
    )
}

interface Ownership {
  owner: Map<string, string>
  alsoReads: Map<string, Set<string>>
  crossWrites: Map<string, Set<string>>
}

function ownershipFromArchitecture(): Ownership {
  const owner = new Map<string, string>()
  const alsoReads = new Map<string, Set<string>>()
  for (const [who = '', tables = '', reads = ''] of sectionRows('## Tables and their owners')) {
    const folder = who.split(' ')[0] ?? who
    for (const table of tableNames(tables)) owner.set(table, folder)
    alsoReads.set(folder, new Set(tableNames(reads)))
  }
  const crossWrites = new Map<string, Set<string>>()
  for (const [where = '', tables = ''] of sectionRows('### Writes across owners')) {
    const file = /`([^`]+\.ts)`/.exec(where)?.[1] ?? where
    crossWrites.set(file, new Set(tableNames(tables)))
  }
  return { owner, alsoReads, crossWrites }
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

function tablesUsedBy(source: string, known: Set<string>) {
  const reads = new Set<string>()
  const writes = new Set<string>()
  const collect = (into: Set<string>, pattern: RegExp, name: (found: string) => string) => {
    for (const [, found] of source.matchAll(pattern)) {
      const table = name(found ?? '')
      if (known.has(table)) into.add(table)
    }
  }
  collect(writes, /\b(?:insertInto|updateTable|deleteFrom|mergeInto)\(\s*'(\w+)/g, snake)
  collect(writes, /\b(?:insert into|update|delete from)\s+([a-z_]+)\b/gi, (found) => found)
  collect(reads, /\b(?:selectFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*'(\w+)/g, snake)
  collect(reads, /\b(?:from|join)\s+([a-z_]+)\b/gi, (found) => found)
  for (const table of writes) reads.delete(table)
  return { reads, writes }
}

const isQueries = (path: string) => /\/queries(\.ts|\/)/.test(path)

describe('table owners (ARCHITECTURE.md)', () => {
  const { owner, alsoReads, crossWrites } = ownershipFromArchitecture()
  const tables = tablesOfDatabase()
  const known = new Set(tables)

  it('names exactly one owner for every table of the Database interface', () => {
    expect(tables.length).toBeGreaterThan(10)
    expect([...owner.keys()].sort()).toEqual([...tables].sort())
  })

  it('keeps every table to its owner: others read it only as documented and never write it', () => {
    const trespasses: string[] = []
    const folders = readdirSync(serverSrc, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !['testing', 'db'].includes(entry.name))
      .map((entry) => entry.name)
    for (const folder of folders) {
      for (const file of sourceFiles(join(serverSrc, folder))) {
        const path = relative(root, file)
        const { reads, writes } = tablesUsedBy(readFileSync(file, 'utf8'), known)
        for (const table of writes) {
          if (owner.get(table) === folder || crossWrites.get(path)?.has(table)) continue
          trespasses.push(`${path} writes ${table} (owner: ${owner.get(table)})`)
        }
        for (const table of reads) {
          if (owner.get(table) === folder) continue
          if (isQueries(path) && alsoReads.get(folder)?.has(table)) continue
          trespasses.push(`${path} reads ${table} (owner: ${owner.get(table)})`)
        }
      }
    }
    expect(trespasses).toEqual([])
  })

  it('tells reads from writes, in Kysely and in raw SQL', () => {
    expect(tablesUsedBy("db.selectFrom('userRoles as r')", known)).toEqual({
      reads: new Set(['user_roles']),
      writes: new Set(),
    })
    const raw = 'sql`update enrolments set x = 1 from quiz_attempts q join users u`'
    expect(tablesUsedBy(raw, known)).toEqual({
      reads: new Set(['quiz_attempts', 'users']),
      writes: new Set(['enrolments']),
    })
    expect(tablesUsedBy("trx.deleteFrom('outboxMessages')", known).writes).toEqual(
      new Set(['outbox_messages']),
    )
  })
})
