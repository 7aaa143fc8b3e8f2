import type { MarkdownIt, StateCore, Token } from 'markdown-it'
import { moduleEnv } from './env.ts'
import { plainText } from './plain-text.ts'
import { sourcePosition } from './positions.ts'

const linkSchemes = new Set(['http', 'https', 'mailto'])
const imageSchemes = new Set(['https'])
const linkAdvice = 'use an http:, https:, mailto: or relative address'
const imageAdvice = 'use an https: or relative address'

/**
 * The scheme a browser would see in `url`: null for a relative address, '//' for a
 * protocol-relative one. Controls and spaces go first: browsers skip some of them anywhere.
 */
function schemeOf(url: string): string | null {
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, '')
  if (/^[/\\]{2}/.test(compact)) return '//'
  const scheme = /^([^/?#:]*):/.exec(compact)?.[1]
  return scheme === undefined ? null : scheme.toLowerCase()
}

const isAllowed = (url: string, schemes: Set<string>) => {
  const scheme = schemeOf(url)
  return scheme === null || schemes.has(scheme)
}

/**
 * Trainer Markdown may link only to http(s), mailto and relative addresses (DESIGN "Security
 * model"). Other links are reported and rendered as their text; images need an https or
 * relative source and alt text.
 */
export function linkPolicy(md: MarkdownIt) {
  // Let every link reach the tokens: markdown-it's own check would leave `[x](javascript:…)` as
  // literal text with nothing reported. The rule below is then the only gate.
  md.validateLink = () => true
  md.core.ruler.push('agora_links', (state) => {
    let firstLine = 0
    for (const block of state.tokens) {
      // Table cells have no map of their own; their row's map comes just before them.
      if (block.map) firstLine = block.map[0]
      if (block.type === 'inline' && block.children) {
        block.children = checkInline(state, block, firstLine, block.children)
      }
    }
  })
}

function checkInline(state: StateCore, block: Token, firstLine: number, children: Token[]) {
  const env = moduleEnv(state.env)
  const report = (token: Token, message: string) => {
    const offset = typeof token.meta?.offset === 'number' ? token.meta.offset : 0
    const { line, column } = sourcePosition(env.lines, firstLine, block.content, offset)
    env.problems.push({ line, column, message })
  }
  const kept: Token[] = []
  let droppingLink = false
  for (const token of children) {
    if (token.type === 'link_open') {
      const href = String(token.attrGet('href') ?? '')
      if (!isAllowed(href, linkSchemes)) {
        report(token, `link '${shown(state, href)}' is not allowed; ${linkAdvice}`)
        droppingLink = true
        continue
      }
      const scheme = schemeOf(href)
      if (scheme === 'http' || scheme === 'https') token.attrSet('rel', 'noopener noreferrer')
    } else if (token.type === 'link_close' && droppingLink) {
      droppingLink = false
      continue
    } else if (token.type === 'image') {
      const src = String(token.attrGet('src') ?? '')
      const alt = plainText(token.children ?? []).trim()
      if (alt === '') report(token, 'image without alt text: describe it for screen-reader users')
      if (!isAllowed(src, imageSchemes)) {
        report(token, `image source '${shown(state, src)}' is not allowed; ${imageAdvice}`)
        const text = new state.Token('text', '', 0)
        text.content = alt
        kept.push(text)
        continue
      }
      token.attrSet('loading', 'lazy')
    }
    kept.push(token)
  }
  return kept
}

/** The address as the author wrote it, cut short: data: URIs can be kilobytes long. */
function shown(state: StateCore, url: string) {
  const text = state.md.normalizeLinkText(url)
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}
