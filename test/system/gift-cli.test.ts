import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { parseGift } from '../../server/src/course-format/gift/index.ts'
import { repoRoot, runScript } from '../support/server-process.ts'

const withoutLines = (text: string) =>
  parseGift(text).questions.map(({ line: _line, ...question }) => question)

it('gift export/import: Moodle quizzes come in without loss and a round trip changes nothing', async () => {
  const courses = mkdtempSync(join(tmpdir(), 'agora-gift-'))
  cpSync(
    join(repoRoot, 'test/fixtures/courses/local-inclusion'),
    join(courses, 'local-inclusion'),
    { recursive: true },
  )
  const gift = (...args: string[]) =>
    runScript('scripts/gift.ts', {}, [...args, '--courses', courses]).exit

  const exported = await gift('export', 'local-inclusion/01-basics')
  expect(exported.code).toBe(0)
  expect(withoutLines(exported.stdout).map((q) => q.title)).toEqual([
    'Disaggregated data',
    'Who decides',
  ])

  const moodleFile = join(repoRoot, 'server/src/course-format/gift/fixtures/moodle-export.gift')
  const imported = await gift('import', moodleFile, '--into', 'local-inclusion/01-basics')
  expect(imported.code).toBe(0)
  const module = readFileSync(join(courses, 'local-inclusion/en/01-basics.md'), 'utf8')
  expect(module).toContain('::: case-study A register that missed people')
  expect(module.match(/```gift/g)).toHaveLength(1)

  const again = await gift('export', 'local-inclusion/01-basics')
  expect(withoutLines(again.stdout)).toEqual(withoutLines(readFileSync(moodleFile, 'utf8')))

  const file = join(courses, 'again.gift')
  writeFileSync(file, again.stdout)
  await gift('import', file, '--into', 'local-inclusion/01-basics')
  expect(readFileSync(join(courses, 'local-inclusion/en/01-basics.md'), 'utf8')).toBe(module)
})

it('gift import refuses a broken file with file:line and stores nothing', async () => {
  const courses = mkdtempSync(join(tmpdir(), 'agora-gift-'))
  cpSync(
    join(repoRoot, 'test/fixtures/courses/local-inclusion'),
    join(courses, 'local-inclusion'),
    { recursive: true },
  )
  const before = readFileSync(join(courses, 'local-inclusion/en/01-basics.md'), 'utf8')
  const broken = join(courses, 'broken.gift')
  writeFileSync(broken, '::Q1:: Fine? {T}\n\n::Q2:: Unclosed {=a ~b\n')
  const result = await runScript('scripts/gift.ts', {}, [
    'import',
    broken,
    '--into',
    'local-inclusion/01-basics',
    '--courses',
    courses,
  ]).exit
  expect(result.code).toBe(1)
  expect(result.stderr).toMatch(new RegExp(`${broken.replace(/[.]/g, '\\.')}:3:\\d+: `))
  expect(readFileSync(join(courses, 'local-inclusion/en/01-basics.md'), 'utf8')).toBe(before)
})

it('gift answers --help with its usage and an unknown option with one line, not a stack trace', async () => {
  const help = await runScript('scripts/gift.ts', {}, ['--help']).exit
  expect(help.code).toBe(0)
  expect(help.stdout).toMatch(/^usage: npm run gift -- export/)

  const unknown = await runScript('scripts/gift.ts', {}, ['export', 'x/01-y', '--language', 'mk'])
    .exit
  expect(unknown.code).toBe(1)
  expect(unknown.stderr).toMatch(/Unknown option '--language'/)
  expect(unknown.stderr).toMatch(/usage: npm run gift/)
  expect(unknown.stderr).not.toMatch(/\bat .*parse_args/)
})
