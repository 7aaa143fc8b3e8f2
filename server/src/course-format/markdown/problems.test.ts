import { describe, expect, it } from 'vitest'
import { renderModule } from './index.ts'

// Five lines of valid front matter: the body starts on file line 6.
const head = '---\ntitle: T\nminutes: 5\nobjectives: [o]\n---\n'
const problemsOf = (body: string) => renderModule(head + body).problems
const link = (url: string) =>
  `link '${url}' is not allowed; use an http:, https:, mailto: or relative address`
const image = (url: string) =>
  `image source '${url}' is not allowed; use an https: or relative address`

describe('link problems carry the file line and column', () => {
  it.each([
    ['an inline link', 'See [x](javascript:alert(1)).', 6, 5, 'javascript:alert(1)'],
    ['a vbscript link', 'Text\nand [x](vbscript:msgbox(1))', 7, 5, 'vbscript:msgbox(1)'],
    ['a file link', '## Title [x](file:///etc/passwd) ##', 6, 10, 'file:///etc/passwd'],
    [
      'a data link in a list',
      '- item\n\n  1. sub [x](data:text/html,hi)',
      8,
      10,
      'data:text/html,hi',
    ],
    ['a protocol-relative link', '> quote\n>  b [x](//evil.example/)', 7, 6, '//evil.example/'],
    ['an autolink', 'Go <javascript:alert(1)> now', 6, 4, 'javascript:alert(1)'],
    [
      'a reference link, at its use',
      'Use [x][ref].\n\n[ref]: javascript:alert(1)',
      6,
      5,
      'javascript:alert(1)',
    ],
    [
      'a link in a table cell',
      '| a | b |\n|---|---|\n| x | [y](javascript:1) |',
      8,
      7,
      'javascript:1',
    ],
    [
      'a link after a multi-line title',
      '[x](https://a.example "t\nu") [y](javascript:z)',
      7,
      5,
      'javascript:z',
    ],
  ])('%s', (_, body, line, column, url) => {
    expect(problemsOf(body)).toEqual([{ line, column, message: link(url) }])
  })

  it('renders a forbidden link as its text', () => {
    const { html } = renderModule(`${head}See [the guide](javascript:alert(1)).`)
    expect(html).toBe('<p>See the guide.</p>\n')
  })

  it('cuts long addresses short in the message', () => {
    const url = `data:text/html;base64,${'A'.repeat(200)}`
    const [problem] = problemsOf(`[x](${url})`)
    expect(problem?.message).toBe(link(`${url.slice(0, 59)}…`))
  })

  it.each([
    'https://example.org/a?b=c#d',
    'http://example.org',
    'mailto:trainer@agora.example',
    '../02-workplace.md#intro',
    '/courses',
    '#objectives',
    '?page=2',
    'images/a:b.png',
  ])('allows %s', (url) => {
    expect(problemsOf(`[x](${url})`)).toEqual([])
  })

  it('marks http(s) links, and only those, with rel="noopener noreferrer"', () => {
    const { html } = renderModule(`${head}[a](https://a.example) [b](mailto:b@c.example) [c](c.md)`)
    expect(html).toBe(
      '<p><a href="https://a.example" rel="noopener noreferrer">a</a> ' +
        '<a href="mailto:b@c.example">b</a> <a href="c.md">c</a></p>\n',
    )
  })
})

describe('image problems', () => {
  it('requires alt text', () => {
    expect(problemsOf('Text\n![](a.png) and ![ ](b.png)')).toEqual([
      {
        line: 7,
        column: 1,
        message: 'image without alt text: describe it for screen-reader users',
      },
      {
        line: 7,
        column: 16,
        message: 'image without alt text: describe it for screen-reader users',
      },
    ])
  })

  it.each([
    ['an http source', '![Chart](http://example.org/c.png)', 'http://example.org/c.png'],
    ['a data: source', '![Dot](data:image/png;base64,iVBORw0K)', 'data:image/png;base64,iVBORw0K'],
    ['a javascript: source', '![Dot](javascript:alert(1))', 'javascript:alert(1)'],
    ['a protocol-relative source', '![Dot](//cdn.example/a.png)', '//cdn.example/a.png'],
  ])('rejects %s and renders the alt text instead', (_, body, url) => {
    const { problems, html } = renderModule(head + body)
    expect(problems).toEqual([{ line: 6, column: 1, message: image(url) }])
    expect(html).not.toContain('<img')
  })

  it('reports both problems of an image inside a forbidden link', () => {
    expect(problemsOf('[![](javascript:img)](javascript:link)')).toEqual([
      { line: 6, column: 1, message: link('javascript:link') },
      {
        line: 6,
        column: 2,
        message: 'image without alt text: describe it for screen-reader users',
      },
      { line: 6, column: 2, message: image('javascript:img') },
    ])
  })

  it('loads allowed images lazily', () => {
    expect(renderModule(`${head}![A map](https://a.example/map.png)`).html).toBe(
      '<p><img src="https://a.example/map.png" alt="A map" loading="lazy"></p>\n',
    )
  })
})

describe('block problems', () => {
  it('reports an unknown block and renders its content in a plain div', () => {
    const { problems, html } = renderModule(`${head}Text\n\n::: warning\nCareful.\n:::`)
    expect(problems).toEqual([
      {
        line: 8,
        column: 5,
        message: "unknown block 'warning'; use note, case-study or reflection",
      },
    ])
    expect(html).toBe('<p>Text</p>\n<div>\n<p>Careful.</p>\n</div>\n')
  })

  it('reports a title on a block that takes none', () => {
    expect(problemsOf('::: reflection Think\nWhy?\n:::')).toEqual([
      { line: 6, column: 5, message: "block 'reflection' takes no title; only case-study has one" },
    ])
  })

  it('reports a block that is never closed', () => {
    expect(problemsOf('::: note\nOpen.\n\nStill open.')).toEqual([
      { line: 6, column: 5, message: "block 'note' is not closed: add a ':::' line after it" },
    ])
  })

  it('accepts a closed block inside a list item', () => {
    expect(problemsOf('- item\n\n  ::: note\n  Inside.\n  :::\n')).toEqual([])
  })
})

it('sorts front-matter and body problems by position', () => {
  const { problems } = renderModule('---\ntitle: T\nminutes: 0\nobjectives: [o]\n---\n![](a.png)\n')
  expect(problems.map(({ line, column }) => [line, column])).toEqual([
    [3, 10],
    [6, 1],
  ])
})
