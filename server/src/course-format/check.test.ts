import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { readCourseFiles } from '../courses/files.ts'
import { checkCourse } from './check.ts'

const sample = () =>
  readCourseFiles(
    fileURLToPath(new URL('../../../test/fixtures/courses/local-inclusion', import.meta.url)),
  )
const problemsOf = (folder: string, files: Record<string, string>) =>
  checkCourse(folder, files).problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`)

describe('checkCourse', () => {
  it('accepts the sample course', () => {
    expect(problemsOf('local-inclusion', sample())).toEqual([])
  })

  it('reports a missing course.yaml', () => {
    expect(problemsOf('x', {})).toEqual(['course.yaml:1:1: course.yaml is missing'])
  })

  it('reports a folder that does not match the slug, missing and unused files', () => {
    const files = sample()
    delete files['sr-Latn/01-basics.md']
    files['en/notes.md'] = '# scratch'
    files['assets/map.png'] = ''
    expect(problemsOf('inclusion', files)).toEqual([
      "course.yaml:1:1: slug 'local-inclusion' differs from the folder name 'inclusion'",
      "course.yaml:6:1: module '01-basics' has no sr-Latn text: sr-Latn/01-basics.md is missing",
      'en/notes.md:1:1: this file is not used by any step of course.yaml',
    ])
  })

  it('wants a quiz in every module, with as many questions in every language', () => {
    const files = sample()
    files['sr-Latn/01-basics.md'] = files['sr-Latn/01-basics.md']!.replace(
      /\n\n::Ko odlučuje::[^\n]*/,
      '',
    )
    expect(problemsOf('local-inclusion', files)).toEqual([
      'sr-Latn/01-basics.md:1:1: the quiz has 1 question but the en text has 2',
    ])
    files['en/01-basics.md'] = files['en/01-basics.md']!.replace(/```gift[\s\S]*```\n/, '')
    expect(problemsOf('local-inclusion', files)).toContain(
      'en/01-basics.md:1:1: the module has no quiz: add a ```gift block',
    )
  })

  it('accepts the [situation] and [fact] tags in a title and reports a misspelt tag', () => {
    const files = sample()
    const en = files['en/01-basics.md']!
    files['en/01-basics.md'] = en.replace(/^::(?!:)/m, '::[situation] [fact some-rule] ')
    expect(problemsOf('local-inclusion', files)).toEqual([])
    files['en/01-basics.md'] = en.replace(/^::(?!:)/m, '::[situaton] ')
    const line = en.split('\n').findIndex((text) => /^::(?!:)/.test(text)) + 1
    expect(problemsOf('local-inclusion', files)).toEqual([
      `en/01-basics.md:${line}:1: unknown tag [situaton]: use [situation] or [fact some-id]`,
    ])
  })
})
