import { describe, expect, it } from 'vitest'
import { renderModule } from './index.ts'

const render = (...lines: string[]) => renderModule(`${lines.join('\n')}\n\nBody.\n`)

describe('front matter', () => {
  it('reads title, minutes and objectives', () => {
    const { frontMatter, problems, html } = render(
      '---',
      'title: "  Uvod u upravljanje različitostima "',
      'minutes: 20',
      'objectives:',
      '  - Name the protected grounds',
      '  - Plan one inclusive service',
      '---',
    )
    expect(problems).toEqual([])
    expect(frontMatter).toEqual({
      title: 'Uvod u upravljanje različitostima',
      minutes: 20,
      objectives: ['Name the protected grounds', 'Plan one inclusive service'],
    })
    expect(html).toBe('<p>Body.</p>\n')
  })

  it('accepts a byte-order mark and CRLF line ends', () => {
    const source = '\uFEFF---\r\ntitle: T\r\nminutes: 5\r\nobjectives: [o]\r\n---\r\n![](a.png)\r\n'
    expect(renderModule(source).problems).toEqual([
      {
        line: 6,
        column: 1,
        message: 'image without alt text: describe it for screen-reader users',
      },
    ])
  })

  it('is required on line 1', () => {
    const { frontMatter, problems, html } = renderModule('# Title\n\nBody.\n')
    expect(frontMatter).toBeNull()
    expect(problems).toEqual([
      {
        line: 1,
        column: 1,
        message:
          "missing front matter: start the file with a '---' block giving title, minutes and objectives",
      },
    ])
    expect(html).toBe('<h1 id="title">Title</h1>\n<p>Body.</p>\n')
  })

  it('must be closed', () => {
    expect(render('---', 'title: T').problems).toEqual([
      { line: 1, column: 1, message: "front matter is not closed: end it with a '---' line" },
    ])
  })

  it.each([
    [
      'a duplicate key',
      ['---', 'title: T', 'title: U', 'minutes: 5', 'objectives: [o]', '---'],
      { line: 3, column: 1, message: 'invalid YAML: Map keys must be unique' },
    ],
    [
      'an unterminated quote',
      ['---', 'title: "Uvod', '---'],
      { line: 2, column: 13, message: 'invalid YAML: Missing closing "quote' },
    ],
  ])('reports invalid YAML with its file line: %s', (_, lines, problem) => {
    const { frontMatter, problems } = render(...lines)
    expect(frontMatter).toBeNull()
    expect(problems).toEqual([problem])
  })

  it('must be a mapping', () => {
    expect(render('---', '- title', '---').problems).toEqual([
      {
        line: 2,
        column: 1,
        message: 'front matter must be a mapping of title, minutes and objectives',
      },
    ])
  })

  it('reports each missing key', () => {
    expect(render('---', '---').problems.map((problem) => problem.message)).toEqual([
      "front-matter key 'title' is missing",
      "front-matter key 'minutes' is missing",
      "front-matter key 'objectives' is missing",
    ])
  })

  it('reports wrong types where the value stands', () => {
    const { frontMatter, problems } = render(
      '---',
      'title: 42',
      'minutes: 1.5',
      'objectives: learn',
      '---',
    )
    expect(frontMatter).toBeNull()
    expect(problems).toEqual([
      { line: 2, column: 8, message: 'title must be a non-empty string' },
      { line: 3, column: 10, message: 'minutes must be a positive whole number, e.g. 20' },
      { line: 4, column: 13, message: 'objectives must be a non-empty list of strings' },
    ])
  })

  it.each([
    ['title: ""', 'title must be a non-empty string'],
    ['minutes: 0', 'minutes must be a positive whole number, e.g. 20'],
    ['minutes: "20"', 'minutes must be a positive whole number, e.g. 20'],
    ['objectives: []', 'objectives must be a non-empty list of strings'],
  ])('rejects %s', (line, message) => {
    const fields = { title: 'title: T', minutes: 'minutes: 5', objectives: 'objectives: [o]' }
    const key = line.split(':')[0] as keyof typeof fields
    const { problems } = render('---', ...Object.values({ ...fields, [key]: line }), '---')
    expect(problems.map((problem) => problem.message)).toEqual([message])
  })

  it('points at each objective that is not a string', () => {
    const { problems } = render(
      '---',
      'title: T',
      'minutes: 5',
      'objectives:',
      '  - ok',
      '  - 3',
      '  - ""',
      '---',
    )
    expect(problems).toEqual([
      { line: 6, column: 5, message: 'each objective must be a non-empty string' },
      { line: 7, column: 5, message: 'each objective must be a non-empty string' },
    ])
  })

  it('reports unknown keys but keeps the valid front matter', () => {
    const { frontMatter, problems } = render(
      '---',
      'title: T',
      'minutes: 5',
      'objectives: [o]',
      'author: Ana',
      '---',
    )
    expect(problems).toEqual([
      {
        line: 5,
        column: 1,
        message: "unknown front-matter key 'author'; allowed: title, minutes, objectives",
      },
    ])
    expect(frontMatter).toEqual({ title: 'T', minutes: 5, objectives: ['o'] })
  })
})
