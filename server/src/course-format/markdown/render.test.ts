import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderModule } from './index.ts'

const fixtures = new URL('fixtures/', import.meta.url)
const read = (name: string) => readFileSync(new URL(name, fixtures), 'utf8')
const names = readdirSync(fixtures)
  .filter((file) => file.endsWith('.md'))
  .map((file) => file.slice(0, -3))

describe('fixtures: name.md renders to name.html', () => {
  it('has the agreed fixtures', () => {
    expect(names).toEqual(expect.arrayContaining(['containers', 'links-images', 'headings-toc']))
  })

  it.each(names)('%s', (name) => {
    expect(renderModule(read(`${name}.md`)).html).toBe(read(`${name}.html`))
  })
})

describe('renderModule', () => {
  it('returns the front matter', () => {
    expect(renderModule(read('containers.md')).frontMatter).toEqual({
      title: 'Blocks',
      minutes: 5,
      objectives: ['Tell the three blocks apart'],
    })
  })

  it('lists h2 and h3 in the table of contents with their unique ids', () => {
    expect(renderModule(read('headings-toc.md')).toc).toEqual([
      { level: 2, id: 'why-diversity-matters', text: 'Why diversity matters' },
      { level: 3, id: 'equality-before-the-law', text: 'Equality before the law' },
      { level: 2, id: 'увод-у-тему', text: 'Увод у тему' },
      { level: 2, id: 'why-diversity-matters-1', text: 'Why diversity matters' },
    ])
  })

  it('collects gift blocks with the file line of their first content line', () => {
    const { quizzes, html, problems } = renderModule(read('code-and-quiz.md'))
    expect(quizzes).toEqual([
      { source: '::Q1:: Which body guards equality? {=the ombudsman ~the mayor}\n', line: 15 },
    ])
    expect(html).not.toContain('ombudsman')
    expect(problems).toEqual([])
  })

  it('keeps several gift blocks in order, including one inside a container', () => {
    const source = [
      '---',
      'title: T',
      'minutes: 5',
      'objectives: [o]',
      '---',
      '```gift',
      'Q1 {T}',
      '```',
      '::: note',
      '```gift',
      '',
      'Q2 {F}',
      '```',
      ':::',
    ].join('\n')
    expect(renderModule(source).quizzes).toEqual([
      { source: 'Q1 {T}\n', line: 7 },
      { source: '\nQ2 {F}\n', line: 11 },
    ])
  })

  it('renders fixtures without problems where none are planted', () => {
    for (const name of ['containers', 'headings-toc', 'code-and-quiz']) {
      expect(renderModule(read(`${name}.md`)).problems).toEqual([])
    }
  })
})
