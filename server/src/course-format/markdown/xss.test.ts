import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderModule } from './index.ts'

const head = '---\ntitle: T\nminutes: 5\nobjectives: [o]\n---\n'

// Every Markdown way to write a link or an image to a forbidden address.
const forbiddenLinks = [
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](<javascript:alert(1)>)',
  '[x](< javascript:alert(1)>)',
  '[x](<java\tscript:alert(1)>)',
  '[x](javascript&#58;alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;&#x61;&#x76;&#x61;script&#x3A;alert(1))',
  '[x](&#0000106;avascript:alert(1))',
  '[x](%6A%61%76%61script:alert(1))',
  '[x](javascript:alert(1)#https://a.example)',
  '[x](\\u006Aavascript:alert(1))',
  '[x](java\u0000script:alert(1))',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '[ref]\n\n[ref]: javascript:alert(1) "t"',
  '[x][]\n\n[x]: <javascript:alert(1)>',
  '<javascript:alert(1)>',
  '<JAVASCRIPT:alert(1)>',
  '<vbscript:msgbox(1)>',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](file:///etc/passwd)',
  '[x](//evil.example/x)',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x](data:image/png;base64,iVBORw0KGgo=)',
  '> [x](javascript:alert(1))\n> ![y](javascript:alert(1))',
  '- [x](vbscript:msgbox(1))\n  - ![y](data:image/gif;base64,R0lGOD)',
  '| a | b |\n|---|---|\n| [x](javascript:alert(1)) | <img src=x onerror=alert(1)> |',
  '::: note\n[x](javascript:alert(1)) <script>alert(1)</script>\n:::',
  '::: case-study [x](javascript:alert(1))\n[y](javascript:alert(1))\n:::',
]

const hostile = [
  ...forbiddenLinks,
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<data:text/html,<script>alert(1)</script>>',
  '![x](https://a.example/a.png" onerror="alert(1))',
  '![x" onerror="alert(1)](a.png)',
  '<svg onload=alert(1)><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '&lt;script&gt;alert(1)&lt;/script&gt; &#60;script&#62;alert(1)&#60;/script&#62;',
  '[x](https://a.example "\\" onmouseover=\\"alert(1)")',
  '[x](https://a.example \'a" onclick="alert(1)\')',
  '[x](https://a.example (a" onfocus="alert(1)))',
  '[x" onclick="alert(1)](https://a.example)',
  '<https://a.example/" onclick="alert(1)>',
  '::: case-study <img src=x onerror=alert(1)>\nBody.\n:::',
  '::: case-study "><script>alert(1)</script>\nBody.\n:::',
  '::: case-study " onmouseover="alert(1)\nBody.\n:::',
  '::: note" onclick="alert(1)\nBody.\n:::',
  '::: "><script>alert(1)</script>\nBody.\n:::',
  '::: warning onmouseover=alert(1)\nBody.\n:::',
  '```js" onclick="alert(1)\ncode\n```',
  '```"><script>alert(1)</script>\ncode\n```',
  '# <script>alert(1)</script>',
  '## " onclick="alert(1)',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<style>body{background:url("javascript:alert(1)")}</style>',
  '<base href="javascript:alert(1)//">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
]

// markdown-it with raw HTML off emits only these tags and attributes.
const allowedTags = new Set(
  'p a img h1 h2 h3 h4 h5 h6 ul ol li em strong s code pre blockquote hr br table thead tbody tr th td aside section div'.split(
    ' ',
  ),
)
const allowedAttributes = new Set([
  'href',
  'src',
  'alt',
  'title',
  'id',
  'class',
  'rel',
  'loading',
  'start',
  'style',
])

const decode = (value: string) =>
  value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** Splits the output into tags and text, and lists every way it could run script. */
function unsafeParts(html: string): string[] {
  const found: string[] = []
  html.split(/(<[^>]*>)/).forEach((part, index) => {
    if (index % 2 === 0) {
      if (/[<>"]/.test(part)) found.push(`unescaped text: ${part}`)
      return
    }
    const tag = /^<\/?([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"]*")*)\s*>$/.exec(part)
    if (!tag) {
      found.push(`malformed tag: ${part}`)
      return
    }
    if (!allowedTags.has(tag[1] ?? '')) found.push(`tag: ${part}`)
    if (/\son\w+=/i.test(part.replace(/"[^"]*"/g, '""'))) found.push(`event attribute: ${part}`)
    for (const [, name = '', value = ''] of (tag[2] ?? '').matchAll(/([a-z-]+)="([^"]*)"/g)) {
      if (!allowedAttributes.has(name)) found.push(`attribute: ${name}`)
      const url = decode(value).replace(/[\u0000-\u0020]/g, '')
      if ((name === 'href' || name === 'src') && /^(javascript|vbscript|data):/i.test(url)) {
        found.push(`url: ${name}="${value}"`)
      }
    }
  })
  if (/<(script|iframe|svg|object|embed)/i.test(html)) found.push('dangerous element')
  return found
}

describe('hostile Markdown renders to safe HTML', () => {
  it.each(hostile)('%s', (body) => {
    expect(unsafeParts(renderModule(head + body).html)).toEqual([])
  })

  it.each(forbiddenLinks)('reports %s', (body) => {
    const messages = renderModule(head + body).problems.map((problem) => problem.message)
    expect(messages.join('\n')).toMatch(/is not allowed/)
  })

  it('has a checker that catches what it is meant to', () => {
    expect(unsafeParts('<p><a href="java&#x73;cript:x">x</a></p>')).toEqual([
      'url: href="java&#x73;cript:x"',
    ])
    expect(unsafeParts('<img src="x" onerror="y">')).toEqual([
      'event attribute: <img src="x" onerror="y">',
      'attribute: onerror',
    ])
    expect(unsafeParts('<p>a > b</p>')).toEqual(['unescaped text: a > b'])
    expect(unsafeParts('<svg>')).toEqual(['tag: <svg>', 'dangerous element'])
  })
})

describe('renderModule on any input', () => {
  const fragments = fc.constantFrom(
    ...[
      '---\n',
      'title: T\n',
      '[',
      '](',
      ')',
      '![',
      '<',
      '>',
      ':::',
      ' note',
      ' case-study x',
      '\n',
    ],
    ...[
      '```gift\n',
      '```\n',
      'javascript:',
      'data:',
      '&#106;',
      '"',
      "'",
      '|---|',
      '| a |',
      '# ',
      '> ',
    ],
    ...[
      '- ',
      '*',
      '_',
      '`',
      '\\',
      '<script>',
      'onerror=',
      '\t',
      '    ',
      '\u0000',
      '\r\n',
      'https://a.example',
    ],
  )
  const sources = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.array(fragments, { maxLength: 60 }).map((parts) => parts.join('')),
    fc
      .array(fc.oneof(fragments, fc.string({ maxLength: 5 })), { maxLength: 60 })
      .map((parts) => head + parts.join('')),
  )

  it('never throws, and never emits script or unsafe attributes', () => {
    fc.assert(
      fc.property(sources, (source) => {
        const { html } = renderModule(source)
        expect(html).not.toMatch(/<script/i)
        expect(unsafeParts(html)).toEqual([])
      }),
      { numRuns: 3000 },
    )
  })
})
