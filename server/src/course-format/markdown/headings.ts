import type { MarkdownIt } from 'markdown-it'
import { plainText } from './plain-text.ts'
import { slugify } from './slugify.ts'

/**
 * Every heading gets an id from its text, unique in the module: "h", "h-1", "h-2" …, numbered as
 * markdown-it-anchor numbered them. In one pass: markdown-it-anchor tried 1 … n for the n-th equal
 * heading and searched the token list again after each heading, so a few thousand equal headings
 * (a preview anyone with the trainer role can send) took tens of seconds of CPU.
 */
export function headingIds(md: MarkdownIt): void {
  md.core.ruler.push('heading_ids', (state) => {
    const taken = new Set<string>()
    // The next number to try per slug; numbers below it are taken, and taken ids stay taken.
    const nextNumber = new Map<string, number>()
    state.tokens.forEach((token, index) => {
      if (token.type !== 'heading_open') return
      const slug = slugify(plainText(state.tokens[index + 1]?.children ?? []))
      let id = slug
      let number = nextNumber.get(slug) ?? 1
      while (taken.has(id)) id = `${slug}-${number++}`
      nextNumber.set(slug, number)
      taken.add(id)
      token.attrSet('id', id)
    })
  })
}
