import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { repoRoot, runScript } from '../support/server-process.ts'

const fixture = join(repoRoot, 'test/fixtures/courses/local-inclusion')

function copyOfFixture(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'agora-courses-')), 'local-inclusion')
  cpSync(fixture, dir, { recursive: true })
  return dir
}

function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file)
  const text = readFileSync(path, 'utf8')
  if (!text.includes(from)) throw new Error(`${file} has no "${from}"`)
  writeFileSync(path, text.replace(from, to))
}

it('courses:check passes a good course', async () => {
  const result = await runScript('scripts/courses-check.ts', {}, [fixture]).exit
  expect(result.stdout.trim()).toBe('1 course checked: no problems')
  expect(result.code).toBe(0)
})

it('courses:check reports all 5 planted mistakes with their file and line, and exits 1', async () => {
  const dir = copyOfFixture()
  edit(dir, 'course.yaml', 'passMark: 0.7', 'passMark: 7')
  edit(dir, 'en/01-basics.md', 'minutes: 20', 'minutes: twenty')
  edit(dir, 'en/01-basics.md', '::: reflection', '::: musing')
  edit(
    dir,
    'sr-Latn/01-basics.md',
    '{=Skupština opštine#Tačno.',
    '{=Skupština opštine#Tačno.=Veće opštine',
  )
  edit(
    dir,
    'en/evaluation.md',
    'Tell us what worked and what did not\n---\n',
    'Tell us what worked and what did not\n---\n\n![](chart.png)\n',
  )
  const result = await runScript('scripts/courses-check.ts', {}, [dir]).exit
  expect(result.code).toBe(1)
  const lines = result.stdout.trim().split('\n')
  const places = lines.map((line) => line.slice(line.indexOf('local-inclusion/')).split(': ')[0])
  expect(places).toEqual([
    'local-inclusion/course.yaml:4:19',
    expect.stringMatching(/^local-inclusion\/en\/01-basics\.md:3:\d+$/),
    expect.stringMatching(/^local-inclusion\/en\/01-basics\.md:1[78]:\d+$/),
    expect.stringMatching(/^local-inclusion\/en\/evaluation\.md:8:\d+$/),
    expect.stringMatching(/^local-inclusion\/sr-Latn\/01-basics\.md:24:\d+$/),
  ])
  expect(lines[0]).toContain('quiz.passMark must be a number above 0 and at most 1')
  expect(result.stderr.trim()).toBe('5 problems in 1 course')
})
