import type { Token } from 'markdown-it'

/** Readable text of inline tokens, as a screen reader would get it. */
export function plainText(tokens: Token[]): string {
  return tokens
    .map((token) => {
      if (token.type === 'text' || token.type === 'code_inline') return token.content
      if (token.type === 'image') return plainText(token.children ?? [])
      if (token.type === 'softbreak' || token.type === 'hardbreak') return ' '
      return ''
    })
    .join('')
}
