import type { MarkdownIt } from 'markdown-it'
import { moduleEnv } from './env.ts'

/** ```gift blocks hold answers and feedback: collected for the GIFT parser, never rendered. */
export function giftQuizzes(md: MarkdownIt) {
  md.core.ruler.push('agora_quizzes', (state) => {
    const env = moduleEnv(state.env)
    state.tokens = state.tokens.filter((token) => {
      const isGift = token.type === 'fence' && token.info.trim().split(/\s/, 1)[0] === 'gift'
      if (isGift) env.quizzes.push({ source: token.content, line: (token.map?.[0] ?? 0) + 2 })
      return !isGift
    })
  })
}
