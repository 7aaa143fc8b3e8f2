import { escapeText } from './text.ts'
import { BLANK, type NumericalAnswer, type Question } from './types.ts'

/** A stem starting like this would be read as a format tag, a comment or a category: tag it. */
const AMBIGUOUS_START = /^(?:\[|\/\/|\$CATEGORY:)/

/**
 * Writes canonical GIFT: every special character escaped, one answer a line, so that parsing the
 * output gives the same questions (except `line`) and formatting them again gives the same text.
 */
export function formatGift(questions: readonly Question[]): string {
  const paragraphs: string[] = []
  let category: string | undefined
  for (const question of questions) {
    if (question.category !== category) {
      // An empty `$CATEGORY:` clears it, so a question without one after one with one survives.
      paragraphs.push(`$CATEGORY: ${question.category ?? ''}`.trimEnd())
      category = question.category
    }
    paragraphs.push(formatQuestion(question))
  }
  return paragraphs.map((paragraph) => `${paragraph}\n`).join('\n')
}

function formatQuestion(question: Question): string {
  const title = question.title ? `::${escapeText(question.title)}:: ` : ''
  const tagged = question.format !== 'moodle' || AMBIGUOUS_START.test(question.text)
  const head = title + (tagged ? `[${question.format}]` : '')
  if (question.kind === 'description') return head + escapeText(question.text)
  const block = answerBlock(question)
  if (question.blankAt === undefined) return `${head}${escapeText(question.text)} ${block}`
  const before = question.text.slice(0, question.blankAt)
  const after = question.text.slice(question.blankAt + BLANK.length)
  return head + escapeText(before) + block + escapeText(after)
}

function answerBlock(question: Exclude<Question, { kind: 'description' }>): string {
  const general = question.generalFeedback ? `####${escapeText(question.generalFeedback)}` : ''
  switch (question.kind) {
    case 'essay':
      return `{${general}}`
    case 'true-false': {
      const wrong = question.feedbackWrong ? `#${escapeText(question.feedbackWrong)}` : ''
      // The right-answer feedback is always the second one, so it needs an empty first when alone.
      const right = question.feedbackRight
        ? `#${wrong ? '' : '#'}${escapeText(question.feedbackRight)}`
        : ''
      return `{${question.answer ? 'TRUE' : 'FALSE'}${wrong}${right}${general}}`
    }
    case 'multiple-choice':
      return rows(
        '',
        question.choices.map((choice) =>
          choice.correct
            ? answer('=', weight(100, 100, choice.text), choice.text, choice.feedback)
            : answer('~', weight(choice.weight ?? 0, 0, choice.text), choice.text, choice.feedback),
        ),
        general,
      )
    case 'multiple-answer':
      return rows(
        '',
        question.choices.map((choice) =>
          answer('~', weight(choice.weight, 0, choice.text), choice.text, choice.feedback),
        ),
        general,
      )
    case 'short-answer':
      return rows(
        '',
        question.answers.map((item) =>
          answer('=', weight(item.weight, 100, item.text), item.text, item.feedback),
        ),
        general,
      )
    case 'matching':
      return rows(
        '',
        question.pairs.map((pair) => `=${escapeText(pair.left)} -> ${escapeText(pair.right)}`),
        general,
      )
    case 'numerical':
      return numerical(question, general)
  }
}

function numerical(question: Question & { kind: 'numerical' }, general: string): string {
  const [only, ...others] = question.answers
  if (only && others.length === 0 && only.weight === 100 && !question.feedbackWrong) {
    return `{#${numericalValue(only)}${feedback(only.feedback)}${general}}`
  }
  const lines = question.answers.map((item) =>
    answer('=', weight(item.weight, 100, ''), numericalValue(item), item.feedback, true),
  )
  if (question.feedbackWrong) lines.push(`~#${escapeText(question.feedbackWrong)}`)
  return rows('#', lines, general)
}

function numericalValue(item: NumericalAnswer): string {
  if (item.kind === 'range') return `${item.min}..${item.max}`
  return item.tolerance === 0 ? `${item.value}` : `${item.value}:${item.tolerance}`
}

function rows(opening: string, lines: string[], general: string): string {
  const body = general ? [...lines, general] : lines
  return [`{${opening}`, ...body.map((line) => `  ${line}`), '}'].join('\n')
}

function answer(marker: string, weight: string, text: string, note?: string, raw = false): string {
  return `${marker}${weight}${raw ? text : escapeText(text)}${feedback(note)}`
}

function feedback(note: string | undefined): string {
  return note ? `#${escapeText(note)}` : ''
}

/** Omitted when it is the default, unless the text itself starts with '%' and would be misread. */
function weight(value: number, implied: number, text: string): string {
  return value !== implied || text.startsWith('%') ? `%${value}%` : ''
}
