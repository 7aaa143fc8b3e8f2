import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatGift } from './format.ts'
import { parseGift } from './parse.ts'
import type { GiftParseResult, Question } from './types.ts'

// Pieces of GIFT, so that random text reaches deep into the parser, not only descriptions.
const giftPiece = fc.constantFrom(
  '{',
  '}',
  '=',
  '~',
  '#',
  '####',
  '%',
  '%50%',
  '%-100%',
  '%abc%',
  '->',
  '::',
  ':',
  '..',
  '\\',
  '\\n',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  '//',
  '$CATEGORY: x',
  '[html]',
  '[markdown]',
  'T',
  'FALSE',
  '3.14',
  '-2',
  '1e3',
  'a',
  'Word',
  'é',
  '👍🏽',
  '_____',
)
const word = fc.string({
  unit: fc.constantFrom(
    ...['a', 'Word', ' ', 'é', '%', ':', 'T'],
    ...['\\~', '\\=', '\\#', '\\{', '\\}', '\\:', '\\n', '\\\\'],
  ),
  minLength: 1,
  maxLength: 4,
})
const answer = fc.oneof(
  fc.tuple(
    fc.constantFrom('=', '~', '=%100%', '~%50%', '~%-100%', '~%100%', '=%50%', '~%x%'),
    word,
  ),
  fc.tuple(
    fc.constant('='),
    fc.tuple(word, word).map(([left, right]) => `${left} -> ${right}`),
  ),
  fc.tuple(
    fc.constantFrom('=', '=%50%', '', '~'),
    fc.constantFrom('3.14', '3:0.5', '1..2', '2..1', '-1:1', 'x'),
  ),
)
const feedback = fc.option(
  word.map((text) => `#${text}`),
  { nil: '' },
)
const block = fc.oneof(
  fc
    .array(fc.tuple(answer, feedback), { maxLength: 5 })
    .map((answers) => answers.map(([[marker, text], note]) => `${marker}${text}${note}`)),
  fc.array(
    fc.tuple(word, word).map(([left, right]) => `=${left} -> ${right}`),
    { minLength: 2, maxLength: 4 },
  ),
  fc
    .tuple(word, word, feedback)
    .map(([a, b, note]) => [`~%50%${a}${note}`, `~%50%${b}`, '~%-100%no']),
  fc.constantFrom(['T'], ['FALSE#w#r'], ['t##r'], [], ['#3.14:0.01'], ['#'], ['# =3 =%50%2 ~#no']),
)
const structured = fc
  .tuple(
    fc.option(
      word.map((title) => `::${title}::`),
      { nil: '' },
    ),
    fc.constantFrom('', '[html]', '[markdown]', '[x]'),
    word,
    block,
    fc.constantFrom('', '####', '####General'),
    fc.constantFrom(' ', '\n  ', '\n'),
    fc.option(word, { nil: '' }),
  )
  .map(
    ([title, tag, stem, answers, general, gap, tail]) =>
      `${title}${tag}${stem} {${answers.join(gap)}${general}}${tail}`,
  )
const giftLike = fc.oneof(
  fc.string({ unit: giftPiece, maxLength: 60 }),
  fc.array(structured, { minLength: 1, maxLength: 3 }).map((questions) => questions.join('\n\n')),
)

function expectWellFormed(source: string, result: GiftParseResult): void {
  const lineCount = source.split(/\r\n|\r|\n/).length
  expect(Array.isArray(result.questions)).toBe(true)
  expect(Array.isArray(result.problems)).toBe(true)
  for (const problem of result.problems) {
    expect(problem.line).toBeGreaterThanOrEqual(1)
    expect(problem.line).toBeLessThanOrEqual(lineCount)
    expect(problem.column).toBeGreaterThanOrEqual(1)
    expect(problem.message).not.toBe('')
  }
  for (const question of result.questions) {
    expect(question.line).toBeGreaterThanOrEqual(1)
    expect(question.line).toBeLessThanOrEqual(lineCount)
  }
}

const withoutLines = (questions: Question[]) => questions.map(({ line: _line, ...rest }) => rest)

describe('parseGift on any input', () => {
  it('never throws on arbitrary Unicode text and returns arrays', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (source) => {
        expectWellFormed(source, parseGift(source))
      }),
      { numRuns: 2000 },
    )
  })

  it('never throws on text made of GIFT syntax', () => {
    fc.assert(
      fc.property(giftLike, (source) => {
        expectWellFormed(source, parseGift(source))
      }),
      { numRuns: 3000 },
    )
  })

  it('formats whatever it accepts so that it reads back the same, and formats that the same', () => {
    fc.assert(
      fc.property(giftLike, (source) => {
        const { questions } = parseGift(source)
        const gift = formatGift(questions)
        const again = parseGift(gift)
        expect(again.problems).toEqual([])
        expect(withoutLines(again.questions)).toEqual(withoutLines(questions))
        expect(formatGift(again.questions)).toBe(gift)
      }),
      { numRuns: 3000 },
    )
  })
})
