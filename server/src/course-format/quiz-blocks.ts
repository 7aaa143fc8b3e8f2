import { renderModule } from './markdown/index.ts'

/**
 * Puts `gift` as the module's only quiz: it takes the place of the first ```gift block (the others
 * go), or is appended when the module has none. Everything else in the file is kept byte for byte.
 */
export function replaceQuiz(module: string, gift: string): string {
  const lines = module.split('\n')
  const blocks = renderModule(module).quizzes.map((quiz) => {
    const contentLines = quiz.source.split('\n').length - 1
    // quiz.line is the first content line (1-based): the opening fence is the line before it.
    return { open: quiz.line - 2, close: quiz.line - 1 + contentLines }
  })
  const fenced = ['```gift', ...gift.trimEnd().split('\n'), '```']
  if (blocks.length === 0) return `${module.trimEnd()}\n\n${fenced.join('\n')}\n`
  for (const block of [...blocks].reverse()) {
    const replacement = block === blocks[0] ? fenced : []
    lines.splice(block.open, block.close - block.open + 1, ...replacement)
  }
  return lines.join('\n')
}
