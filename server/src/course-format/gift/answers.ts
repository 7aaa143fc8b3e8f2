import {
  cleanText,
  compact,
  indexOfUnescaped,
  lastIndexOfUnescaped,
  skipSpace,
  unescapedOffsets,
} from './text.ts'
import type {
  Choice,
  MatchingPair,
  NumericalAnswer,
  NumericalValue,
  QuestionBody,
  WeightedAnswer,
} from './types.ts'

export type Report = (offset: number, message: string) => void

/** The answer block `raw[open] === '{'` … `raw[close] === '}'`, read with Moodle's rules. */
export interface Block {
  raw: string
  open: number
  close: number
  report: Report
}

/** One answer: `marker` is '=', '~', or '' for text before the first; `[from, to)` is its body. */
interface Piece {
  marker: string
  at: number
  from: number
  to: number
}

interface Parts {
  weight?: number
  text: string
  textAt: number
  feedback?: string
}

const WEIGHT = /^%(-?\d+(?:\.\d+)?)%/
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const TRUE_FALSE = /^(?:t|true|f|false)$/i
const EXAMPLE_NUMBERS = 'write a numerical answer like 3.14, 3.14:0.01 or 3.1..3.2'

export function parseAnswerBlock(block: Block): { body: QuestionBody; generalFeedback?: string } {
  const { raw, open, close } = block
  // Moodle takes the last `####`, so an answer's own `#` feedback may end in hashes.
  const hashes = lastIndexOfUnescaped(raw, '####', open + 1, close)
  const generalFeedback = hashes < 0 ? undefined : cleanText(raw.slice(hashes + 4, close))
  const end = hashes < 0 ? close : hashes
  const first = skipSpace(raw, open + 1, end)
  return { body: body(block, first, end), generalFeedback }
}

// Kind detection follows Moodle's order: empty, '#', any '~', '=' with '->', T/F, short answer.
function body(block: Block, from: number, to: number): QuestionBody {
  const { raw } = block
  if (from === to) return { kind: 'essay' }
  if (raw[from] === '#') return numerical(block, from + 1, to)
  const pieces = split(raw, from, to)
  if (pieces.some((piece) => piece.marker === '~')) return choices(block, pieces)
  const pairs = pieces.some((piece) => piece.marker === '=' && isPair(raw, piece))
  if (pairs) return matching(block, pieces)
  return trueFalse(raw, from, to) ?? shortAnswer(block, pieces)
}

function split(raw: string, from: number, to: number): Piece[] {
  const marks = unescapedOffsets(raw, '=~', from, to)
  const pieces: Piece[] = []
  const lead = marks[0] ?? to
  if (skipSpace(raw, from, lead) < lead) pieces.push({ marker: '', at: from, from, to: lead })
  marks.forEach((at, i) => {
    pieces.push({ marker: raw[at] ?? '', at, from: at + 1, to: marks[i + 1] ?? to })
  })
  return pieces
}

/** Reports text before the first '=' or '~' and returns the real answers. */
function answersOf(block: Block, pieces: Piece[]): Piece[] {
  const [lead] = pieces
  if (lead?.marker !== '') return pieces
  const text = cleanText(block.raw.slice(lead.from, lead.to)) ?? ''
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text
  block.report(
    lead.at,
    `unexpected text '${shown}' in the answer block: start each answer with '=' or '~'`,
  )
  return pieces.slice(1)
}

function isPair(raw: string, piece: Piece): boolean {
  const hash = indexOfUnescaped(raw, '#', piece.from, piece.to)
  return indexOfUnescaped(raw, '->', piece.from, hash < 0 ? piece.to : hash) >= 0
}

function parts(block: Block, piece: Piece, withWeight: boolean): Parts | undefined {
  const { raw, report } = block
  let from = skipSpace(raw, piece.from, piece.to)
  let weight: number | undefined
  if (withWeight && raw[from] === '%') {
    const match = WEIGHT.exec(raw.slice(from, piece.to))
    if (!match?.[1]) {
      report(from, 'a weight is a number between % signs, like %50% or %-25%')
      return undefined
    }
    weight = Number(match[1]) + 0
    if (Math.abs(weight) > 100) {
      report(from, `the weight ${match[1]}% is out of range: use a number from -100 to 100`)
      return undefined
    }
    from += match[0].length
  }
  const hash = indexOfUnescaped(raw, '#', from, piece.to)
  const text = cleanText(raw.slice(from, hash < 0 ? piece.to : hash))
  if (text === undefined) {
    report(piece.at, `an answer is empty: write its text after '${piece.marker}'`)
    return undefined
  }
  const feedback = hash < 0 ? undefined : cleanText(raw.slice(hash + 1, piece.to))
  return { weight, text, textAt: skipSpace(raw, from, piece.to), feedback }
}

function choices(block: Block, pieces: Piece[]): QuestionBody {
  const answers = answersOf(block, pieces)
  const read = answers.map((piece) => ({ piece, parts: parts(block, piece, true) }))
  const right = answers.filter((piece) => piece.marker === '=')
  const weighted = read.some(({ parts }) => parts?.weight !== undefined)
  if (right.length === 0 && weighted) return multipleAnswer(block, read)
  if (right.length !== 1) {
    const at = right[1]?.at ?? block.open
    block.report(
      at,
      `a multiple-choice question needs exactly one right answer (=); found ${right.length}`,
    )
  }
  countAtLeast(block, 'multiple-choice', 'choices', answers.length)
  const result: Choice[] = []
  for (const { piece, parts } of read) {
    if (!parts) continue
    const correct = piece.marker === '='
    if (correct && parts.weight !== undefined && parts.weight !== 100) {
      block.report(
        piece.at,
        `the right answer (=) of a multiple-choice question is always worth 100%; found ${parts.weight}%`,
      )
    }
    const weight = correct || parts.weight === 0 ? undefined : parts.weight
    result.push(compact({ text: parts.text, correct, feedback: parts.feedback, weight }))
  }
  return { kind: 'multiple-choice', choices: result }
}

function multipleAnswer(block: Block, read: { parts: Parts | undefined }[]): QuestionBody {
  countAtLeast(block, 'multiple-answer', 'choices', read.length)
  const result: WeightedAnswer[] = []
  for (const { parts } of read) {
    if (!parts) continue
    result.push(compact({ text: parts.text, weight: parts.weight ?? 0, feedback: parts.feedback }))
  }
  const sum = result.reduce((total, choice) => total + Math.max(choice.weight, 0), 0)
  if (Math.abs(sum - 100) > 0.01) {
    const total = Number(sum.toFixed(2))
    block.report(
      block.open,
      `the positive weights of a multiple-answer question must add up to 100%; they add up to ${total}%`,
    )
  }
  return { kind: 'multiple-answer', choices: result }
}

function matching(block: Block, pieces: Piece[]): QuestionBody {
  const { raw, report } = block
  const pairs: MatchingPair[] = []
  for (const piece of answersOf(block, pieces)) {
    const hash = indexOfUnescaped(raw, '#', piece.from, piece.to)
    if (hash >= 0) {
      const message =
        "a matching pair cannot have feedback: escape '#' as '\\#' if it belongs to the text"
      report(hash, message)
    }
    const arrow = indexOfUnescaped(raw, '->', piece.from, piece.to)
    if (arrow < 0) {
      report(piece.at, "a matching pair needs '->' between its two sides: write '=left -> right'")
      continue
    }
    const right = cleanText(raw.slice(arrow + 2, piece.to))
    if (right === undefined) report(arrow, "a matching pair needs a right side after '->'")
    pairs.push({ left: cleanText(raw.slice(piece.from, arrow)) ?? '', right: right ?? '' })
  }
  countAtLeast(block, 'matching', 'pairs', pairs.filter((pair) => pair.left !== '').length)
  return { kind: 'matching', pairs }
}

function trueFalse(raw: string, from: number, to: number): QuestionBody | undefined {
  const first = indexOfUnescaped(raw, '#', from, to)
  const word = cleanText(raw.slice(from, first < 0 ? to : first)) ?? ''
  if (!TRUE_FALSE.test(word)) return undefined
  const second = first < 0 ? -1 : indexOfUnescaped(raw, '#', first + 1, to)
  const feedbackWrong =
    first < 0 ? undefined : cleanText(raw.slice(first + 1, second < 0 ? to : second))
  const feedbackRight = second < 0 ? undefined : cleanText(raw.slice(second + 1, to))
  const answer = word.toUpperCase().startsWith('T')
  return compact({ kind: 'true-false' as const, answer, feedbackWrong, feedbackRight })
}

function shortAnswer(block: Block, pieces: Piece[]): QuestionBody {
  const answers: WeightedAnswer[] = []
  for (const piece of answersOf(block, pieces)) {
    const read = parts(block, piece, true)
    if (!read) continue
    answers.push(compact({ text: read.text, weight: read.weight ?? 100, feedback: read.feedback }))
  }
  needsFullMarks(block, 'short-answer', answers)
  return { kind: 'short-answer', answers }
}

function numerical(block: Block, from: number, to: number): QuestionBody {
  const { raw, report } = block
  const pieces = split(raw, from, to)
  const tildes = pieces.filter((piece) => piece.marker === '~')
  const last = pieces.at(-1)
  let feedbackWrong: string | undefined
  for (const piece of tildes) {
    const hash = skipSpace(raw, piece.from, piece.to)
    if (piece !== last || raw[hash] !== '#') {
      report(
        piece.at,
        "in a numerical question '~' only introduces feedback for any other answer: write '~#feedback' after the last answer",
      )
    } else feedbackWrong = cleanText(raw.slice(hash + 1, piece.to))
  }
  const lead = pieces.find((piece) => piece.marker === '')
  const equals = pieces.filter((piece) => piece.marker === '=')
  if (lead && equals[0]) {
    report(
      equals[0].at,
      "a numerical answer block holds either one answer right after '#' or answers that each start with '='",
    )
  }
  const answers = lead ? [lead] : equals
  if (answers.length === 0) {
    report(block.open, `a numerical question needs an answer after '#': ${EXAMPLE_NUMBERS}`)
  }
  const result: NumericalAnswer[] = []
  for (const piece of answers) {
    const read = parts(block, piece, true)
    const value = read && numericalValue(read, report)
    if (read && value) {
      result.push(compact({ ...value, weight: read.weight ?? 100, feedback: read.feedback }))
    }
  }
  needsFullMarks(block, 'numerical', result)
  return compact({ kind: 'numerical' as const, answers: result, feedbackWrong })
}

function numericalValue({ text, textAt }: Parts, report: Report): NumericalValue | undefined {
  const range = text.indexOf('..')
  const colon = text.indexOf(':')
  const [first, second] =
    range > 0
      ? [text.slice(0, range), text.slice(range + 2)]
      : colon > 0
        ? [text.slice(0, colon), text.slice(colon + 1)]
        : [text, '0']
  const a = toNumber(first)
  const b = toNumber(second)
  if (a === undefined || b === undefined) {
    report(textAt, `'${text}' is not a number: ${EXAMPLE_NUMBERS}`)
    return undefined
  }
  if (range > 0) {
    if (a <= b) return { kind: 'range', min: a, max: b }
    report(textAt, `the range ${text} is reversed: write the smaller number first`)
    return undefined
  }
  if (b >= 0) return { kind: 'exact', value: a, tolerance: b }
  report(textAt, `the tolerance must not be negative; found ${b}`)
  return undefined
}

function toNumber(text: string): number | undefined {
  const trimmed = text.trim()
  const value = Number(trimmed) + 0
  return NUMBER.test(trimmed) && Number.isFinite(value) ? value : undefined
}

function countAtLeast(block: Block, kind: string, noun: 'choices' | 'pairs', count: number): void {
  if (count >= 2) return
  block.report(block.open, `a ${kind} question needs at least 2 ${noun}; found ${count}`)
}

function needsFullMarks(block: Block, kind: string, answers: { weight: number }[]): void {
  if (answers.length > 0 && !answers.some((answer) => answer.weight === 100)) {
    block.report(block.open, `a ${kind} question needs an answer worth 100%`)
  }
}
