import type { MarkdownIt, Token } from 'markdown-it'

/**
 * markdown-it keeps no positions for inline tokens, so wrap the rules that open links and images
 * and note, in `meta.offset`, where each one starts in its inline token's content.
 */
export function recordInlineOffsets(md: MarkdownIt, ruleNames: string[]) {
  for (const name of ruleNames) {
    // Ruler has no public getter for a rule; __rules__ is typed, if marked internal.
    const rule = md.inline.ruler.__rules__.find((candidate) => candidate.name === name)?.fn
    if (!rule) throw new Error(`markdown-it has no inline rule '${name}'`)
    md.inline.ruler.at(name, (state, silent) => {
      const start = state.pos
      const from = state.tokens.length
      if (!rule(state, silent)) return false
      if (!silent) {
        const opened = state.tokens.slice(from).find(isLinkOrImage)
        if (opened) opened.meta = { ...opened.meta, offset: start }
      }
      return true
    })
  }
}

const isLinkOrImage = (token: Token) => token.type === 'link_open' || token.type === 'image'

/**
 * File position of `offset` in an inline token's content that starts on 0-based `firstLine`.
 * Each content line is what remains of one source line once block markup (`>`, indentation,
 * `#`, table pipes) is taken off, so the column is found by locating the rest of that line.
 */
export function sourcePosition(
  lines: string[],
  firstLine: number,
  content: string,
  offset: number,
): { line: number; column: number } {
  const before = content.slice(0, offset)
  const lineIndex = firstLine + before.split('\n').length - 1
  const lineEnd = content.indexOf('\n', offset)
  const rest = content.slice(offset, lineEnd === -1 ? undefined : lineEnd)
  const column = (lines[lineIndex] ?? '').lastIndexOf(rest)
  return { line: lineIndex + 1, column: column === -1 ? 1 : column + 1 }
}
