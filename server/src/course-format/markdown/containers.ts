import type { MarkdownIt, RendererRule, Token } from 'markdown-it'
import container from 'markdown-it-container'
import { moduleEnv } from './env.ts'

const blockTags = new Map([
  ['note', 'aside'],
  ['case-study', 'section'],
  ['reflection', 'aside'],
])

type BlockMeta = { name: string; title: string }

const blockMeta = (token: Token | undefined): BlockMeta => {
  const { name, title } = token?.meta ?? {}
  return { name: String(name ?? ''), title: String(title ?? '') }
}

/**
 * `::: note`, `::: case-study Optional title` and `::: reflection`. One catch-all container
 * takes every `::: name`, so that unknown names are reported instead of left as paragraphs.
 */
export function containers(md: MarkdownIt) {
  const render: RendererRule = (tokens, idx) => {
    const token = tokens[idx]
    const { name, title } = blockMeta(token)
    const tag = blockTags.get(name)
    if (token?.nesting === -1) return `</${tag ?? 'div'}>\n`
    if (!tag) return '<div>\n'
    const heading = name === 'case-study' && title ? `<h3>${md.utils.escapeHtml(title)}</h3>\n` : ''
    return `<${tag} class="${name}">\n${heading}`
  }
  md.use(container, 'block', { validate: (params: string) => params.trim() !== '', render })
  md.core.ruler.push('agora_blocks', (state) => {
    const env = moduleEnv(state.env)
    const open: Token[] = []
    for (const token of state.tokens) {
      if (token.type === 'container_block_close') token.meta = open.pop()?.meta ?? null
      if (token.type !== 'container_block_open' || !token.map) continue
      open.push(token)
      const info = token.info.trim()
      const name = info.split(/\s/, 1)[0] ?? ''
      const meta: BlockMeta = { name, title: info.slice(name.length).trim() }
      token.meta = meta
      const [start, end] = token.map
      const source = env.lines[start] ?? ''
      const column = source.indexOf(name, source.indexOf(token.markup) + token.markup.length) + 1
      const report = (message: string) => env.problems.push({ line: start + 1, column, message })
      if (!blockTags.has(name)) {
        report(`unknown block '${name}'; use note, case-study or reflection`)
      } else if (meta.title && name !== 'case-study') {
        report(`block '${name}' takes no title; only case-study has one`)
      }
      // markdown-it-container silently closes an unterminated block where its parent ends.
      if (!/^[\s>]*:{3,}\s*$/.test(env.lines[end] ?? '')) {
        report(`block '${name}' is not closed: add a ':::' line after it`)
      }
    }
  })
}
