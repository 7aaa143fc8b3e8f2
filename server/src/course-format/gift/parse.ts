import { parseAnswerBlock } from './answers.ts'
import { cleanText, compact, indexOfUnescaped, skipSpace, unescapeText } from './text.ts'
import {
  BLANK,
  type GiftParseOptions,
  type GiftParseResult,
  type GiftProblem,
  type Question,
  type TextFormat,
} from './types.ts'

interface Line {
  text: string
  number: number
}

const CATEGORY = '$CATEGORY:'
const FORMAT_TAG = /^\[(moodle|markdown|html|plain)\]/

/**
 * Reads Moodle GIFT. Never throws: a malformed question yields problems and is left out, and
 * parsing goes on with the next question.
 */
export function parseGift(source: string, options: GiftParseOptions = {}): GiftParseResult {
  const lineOffset = options.lineOffset ?? 0
  const questions: Question[] = []
  const problems: GiftProblem[] = []
  let category: string | undefined
  for (const paragraph of paragraphs(source)) {
    let lines = paragraph
    const first = lines[0]?.text.trimStart() ?? ''
    // Moodle makes the whole paragraph a category; we also read a question written right below it.
    if (first.startsWith(CATEGORY)) {
      category = first.slice(CATEGORY.length).trim() || undefined
      lines = lines.slice(1)
    }
    if (lines.length === 0) continue
    const result = parseQuestion(lines, lineOffset)
    if (result.problems.length > 0) problems.push(...result.problems)
    else if (result.question) questions.push(compact({ ...result.question, category }))
  }
  return { questions, problems }
}

/** Questions are separated by blank lines; `//` comment lines are dropped without ending one. */
function paragraphs(source: string): Line[][] {
  const result: Line[][] = []
  let current: Line[] = []
  source.split(/\r\n|\r|\n/).forEach((text, index) => {
    if (text.trim() === '') {
      if (current.length > 0) result.push(current)
      current = []
    } else if (!text.trimStart().startsWith('//')) {
      current.push({ text, number: index + 1 })
    }
  })
  if (current.length > 0) result.push(current)
  return result
}

function parseQuestion(
  lines: Line[],
  lineOffset: number,
): { question?: Question; problems: GiftProblem[] } {
  const raw = lines.map((line) => line.text).join('\n')
  const problems: GiftProblem[] = []
  const report = (offset: number, message: string) => {
    problems.push({ ...position(lines, offset, lineOffset), message })
  }
  const line = (lines[0]?.number ?? 1) + lineOffset

  let start = skipSpace(raw, 0)
  let title: string | undefined
  if (raw.startsWith('::', start)) {
    const end = indexOfUnescaped(raw, '::', start + 2)
    if (end < 0) {
      report(start, "the title is not closed: add '::' after it")
      return { problems }
    }
    title = cleanText(raw.slice(start + 2, end))
    start = skipSpace(raw, end + 2)
  }
  const tag = FORMAT_TAG.exec(raw.slice(start))
  const format = (tag?.[1] ?? 'moodle') as TextFormat
  start += tag?.[0].length ?? 0
  const common = { title, format }

  const open = indexOfUnescaped(raw, '{', start)
  const close = indexOfUnescaped(raw, '}', start)
  if (open < 0 && close < 0) {
    const text = cleanText(raw.slice(start))
    if (text === undefined) report(start, 'the question has no text')
    const question = { kind: 'description' as const, ...common, text: text ?? '', line }
    return { question: compact(question), problems }
  }
  if (!blockIsWellFormed(raw, open, close, report)) return { problems }

  const before = unescapeText(raw.slice(start, open))
  const after = unescapeText(raw.slice(close + 1))
  const missingWord = after.trim() !== ''
  const text = missingWord ? before.trimStart() + BLANK + after.trimEnd() : before.trim()
  const blankAt = missingWord ? before.trimStart().length : undefined
  if (text === '') report(start, "the question has no text: write it before '{'")

  const { body, generalFeedback } = parseAnswerBlock({ raw, open, close, report })
  return {
    question: compact({ ...body, ...common, text, blankAt, generalFeedback, line }),
    problems,
  }
}

/** One block per question, opened before it is closed, with nothing nested. */
function blockIsWellFormed(
  raw: string,
  open: number,
  close: number,
  report: (offset: number, message: string) => void,
): boolean {
  if (close >= 0 && (open < 0 || close < open)) {
    report(close, "found '}' without an opening '{': escape it as '\\}' if it belongs to the text")
    return false
  }
  if (close < 0) {
    report(open, "the answer block is not closed: add '}'")
    return false
  }
  const nextOpen = indexOfUnescaped(raw, '{', open + 1)
  if (nextOpen >= 0 && nextOpen < close) {
    report(
      nextOpen,
      "found '{' inside an answer block: close the block with '}' first, or escape it as '\\{'",
    )
    return false
  }
  const nextClose = indexOfUnescaped(raw, '}', close + 1)
  if (nextOpen >= 0 || nextClose >= 0) {
    const at = nextOpen >= 0 ? nextOpen : nextClose
    const char = raw[at] ?? ''
    report(
      at,
      `a question has only one answer block: escape '${char}' as '\\${char}' if it belongs to the text`,
    )
    return false
  }
  return true
}

function position(lines: Line[], offset: number, lineOffset: number) {
  let start = 0
  for (const [index, line] of lines.entries()) {
    const end = start + line.text.length
    if (offset <= end || index === lines.length - 1) {
      return { line: line.number + lineOffset, column: offset - start + 1 }
    }
    start = end + 1
  }
  return { line: 1 + lineOffset, column: 1 }
}
