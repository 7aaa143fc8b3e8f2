import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatGift } from './format.ts'
import { parseGift } from './parse.ts'
import { BLANK, TEXT_FORMATS, type Choice, type Question } from './types.ts'

const withoutLines = (questions: Question[]) => questions.map(({ line: _line, ...rest }) => rest)

function roundTrip(source: string): void {
  const first = parseGift(source)
  expect(first.problems).toEqual([])
  const gift = formatGift(first.questions)
  const second = parseGift(gift)
  expect(second.problems).toEqual([])
  expect(withoutLines(second.questions)).toEqual(withoutLines(first.questions))
  expect(formatGift(second.questions)).toBe(gift)
}

const EVERY_RULE = String.raw`$CATEGORY: $course$/top/Default

// every kind
::MC::Who's buried in Grant's tomb?{~Grant#No. ~%25%Jefferson =no one#Yes.####Grant's tomb.}

::MA::[markdown]Which **two**? {~%50%one ~%50%two ~%-100%three ~four}

::TF::[html]<p>The sun is a star.</p>{T#No, it is.#Yes.}

The moon is a star.{FALSE##Right.}

Who's there? {=me =%50%you#Close. =%-10%them}

Match.{=Canada->Ottawa =Italy->Rome = -> Paris####Capitals.}

Pi? {#3.14:0.01}

Range? {#3.1..3.2#In range.}

$CATEGORY: numbers

Many? {# =%100%3.14:0#Exact. =%50%3:0.5 ~#Think.####Circles.}

Reflect.{}

[plain]Just a description with \{braces\} \~ \= \# \: \\ and a\nnew line.

Grant is {~buried =entombed ~living} in Grant's tomb.

{T} starts this one.

::a\:\:b::Escapes \~ \= \# \{ \} \: \\ \n{=x\=y#f\#g ~z\~}
`

describe('formatGift', () => {
  it('writes canonical GIFT: title, tag, one answer a line, escapes', () => {
    const { questions } = parseGift(
      '::Q1::[markdown]Who is **it**? {=me#Yes: me. ~you ####Think {twice}.}'.replace(
        '{twice}',
        '\\{twice\\}',
      ),
    )
    expect(formatGift(questions)).toBe(
      [
        '::Q1:: [markdown]Who is **it**? {',
        '  =me#Yes\\: me.',
        '  ~you',
        '  ####Think \\{twice\\}.',
        '}',
        '',
      ].join('\n'),
    )
  })

  it('writes short forms on one line', () => {
    const { questions } = parseGift('A {T}\n\nB {F#w#r}\n\nC {#2:0.5}\n\nD {}\n\nE')
    expect(formatGift(questions)).toBe('A {TRUE}\n\nB {FALSE#w#r}\n\nC {#2:0.5}\n\nD {}\n\nE\n')
  })

  it('keeps the missing word where it was', () => {
    const { questions } = parseGift('Two plus {=two} equals four.')
    expect(formatGift(questions)).toBe('Two plus {\n  =two\n} equals four.\n')
  })

  it('escapes every special character and turns line breaks into \\n', () => {
    const question: Question = {
      kind: 'description',
      text: 'a~b=c#d{e}f:g\\h\ni',
      format: 'moodle',
      line: 1,
    }
    expect(formatGift([question])).toBe('a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni\n')
  })

  it('tags a stem that would otherwise read as a format tag, a comment or a category', () => {
    const texts = ['[html] is literal', '// not a comment', '$CATEGORY: not a category']
    const questions = texts.map((text): Question => ({
      kind: 'essay',
      text,
      format: 'moodle',
      line: 1,
    }))
    const gift = formatGift(questions)
    expect(gift).toBe(
      '[moodle][html] is literal {}\n\n[moodle]// not a comment {}\n\n[moodle]$CATEGORY\\: not a category {}\n',
    )
    expect(withoutLines(parseGift(gift).questions)).toEqual(withoutLines(questions))
  })

  it('writes a weight when an answer text starts with %', () => {
    const question: Question = {
      kind: 'multiple-choice',
      text: 'Discount?',
      format: 'moodle',
      line: 1,
      choices: [
        { text: '%10% off', correct: true },
        { text: '%5% off', correct: false },
      ],
    }
    expect(formatGift([question])).toBe('Discount? {\n  =%100%%10% off\n  ~%0%%5% off\n}\n')
    expect(withoutLines(parseGift(formatGift([question])).questions)).toEqual(
      withoutLines([question]),
    )
  })

  it('writes $CATEGORY only when it changes, and an empty one to clear it', () => {
    const base = { kind: 'essay', format: 'moodle', line: 1 } as const
    const gift = formatGift([
      { ...base, text: 'A', category: 'x' },
      { ...base, text: 'B', category: 'x' },
      { ...base, text: 'C' },
    ])
    expect(gift).toBe('$CATEGORY: x\n\nA {}\n\nB {}\n\n$CATEGORY:\n\nC {}\n')
  })

  it('round-trips a source that uses every rule', () => {
    roundTrip(EVERY_RULE)
  })

  it('round-trips generated valid questions', () => {
    fc.assert(
      fc.property(fc.array(question, { maxLength: 4 }), (questions) => {
        const gift = formatGift(questions)
        const parsed = parseGift(gift)
        expect(parsed.problems).toEqual([])
        expect(withoutLines(parsed.questions)).toEqual(withoutLines(questions))
        expect(formatGift(parsed.questions)).toBe(gift)
      }),
      { numRuns: 1000 },
    )
  })
})

// GIFT's tricky pieces as well as arbitrary graphemes; trimmed, as the parser stores text.
const piece = fc.constantFrom(
  'a',
  'Z',
  ' ',
  'é',
  '日本',
  '👍🏽',
  '~',
  '=',
  '#',
  '{',
  '}',
  ':',
  '::',
  '\\',
  '\\n',
  '\n',
  '\t',
  '%',
  '%50%',
  '[html]',
  '//',
  '$CATEGORY:',
  '-',
  '>',
  BLANK,
  '####',
  'T',
  '..',
)
const text = fc
  .oneof(
    fc.string({ unit: piece, minLength: 1, maxLength: 10 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
  )
  .map((value) => value.replace(/\r/g, '').trim())
  .filter((value) => value !== '')
// '->' cannot be escaped, so it cannot appear where it would make the answer a matching pair.
const noArrow = text.filter((value) => !value.includes('->'))
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined })
const number = fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => value + 0)
const weight = fc.constantFrom(100, 50, 33.33333, 12.5, 0, -25, -100)

const stem = fc.oneof(
  text.map((value) => ({ text: value, blankAt: undefined })),
  fc.tuple(fc.option(text, { nil: '' }), text).map(([before, after]) => {
    const lead = before ? `${before} ` : ''
    return { text: `${lead}${BLANK} ${after}`, blankAt: lead.length }
  }),
)

const common = fc.record({
  title: optional(text),
  format: fc.constantFrom(...TEXT_FORMATS),
  generalFeedback: optional(text),
  category: optional(text.filter((value) => !value.includes('\n'))),
  line: fc.constant(1),
})

const insertAt = <T>(items: T[], index: number, item: T) => [
  ...items.slice(0, index % (items.length + 1)),
  item,
  ...items.slice(index % (items.length + 1)),
]

const body: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc
    .tuple(
      fc.record({ text, feedback: optional(text) }),
      fc.array(
        fc.record({ text, feedback: optional(text), weight: optional(fc.constantFrom(50, -25)) }),
        { minLength: 1, maxLength: 4 },
      ),
      fc.nat(),
    )
    .map(([right, wrong, index]) => ({
      kind: 'multiple-choice',
      choices: insertAt<Choice>(
        wrong.map((choice) => ({ ...choice, correct: false })),
        index,
        { ...right, correct: true },
      ),
    })),
  fc
    .tuple(
      fc.constantFrom([100], [50, 50], [33.33333, 33.33333, 33.33334], [25, 75]),
      fc.array(fc.constantFrom(0, -50, -100), { minLength: 1, maxLength: 3 }),
      fc.array(fc.record({ text, feedback: optional(text) }), { minLength: 7, maxLength: 7 }),
    )
    .map(([positive, other, texts]) => ({
      kind: 'multiple-answer',
      choices: [...positive, ...other].map((value, index) => ({ ...texts[index], weight: value })),
    })),
  fc.record({
    kind: fc.constant('true-false'),
    answer: fc.boolean(),
    feedbackWrong: optional(text),
    feedbackRight: optional(text),
  }),
  fc
    .tuple(
      fc.array(fc.record({ text: noArrow, weight, feedback: optional(text) }), { maxLength: 3 }),
      fc.record({ text: noArrow, feedback: optional(text) }),
    )
    .map(([others, full]) => ({
      kind: 'short-answer',
      answers: [{ ...full, weight: 100 }, ...others],
    })),
  fc
    .tuple(
      fc.array(fc.record({ left: noArrow, right: text }), { minLength: 2, maxLength: 4 }),
      fc.array(text, { maxLength: 2 }),
    )
    .map(([pairs, extra]) => ({
      kind: 'matching',
      pairs: [...pairs, ...extra.map((right) => ({ left: '', right }))],
    })),
  fc
    .tuple(
      fc.array(
        fc.record({
          value: fc.oneof(
            fc.record({
              kind: fc.constant('exact'),
              value: number,
              tolerance: number.map(Math.abs),
            }),
            fc.tuple(number, number).map(([a, b]) => ({
              kind: 'range',
              min: Math.min(a, b),
              max: Math.max(a, b),
            })),
          ),
          weight,
          feedback: optional(text),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      optional(text),
    )
    .map(([answers, feedbackWrong]) => ({
      kind: 'numerical',
      answers: answers.map(({ value, weight: share, feedback }, index) => ({
        ...value,
        weight: index === 0 ? 100 : share,
        feedback,
      })),
      feedbackWrong,
    })),
  fc.constant({ kind: 'essay' }),
)

const question: fc.Arbitrary<Question> = fc.oneof(
  fc
    .tuple(common, stem, body)
    .map(([base, words, rest]) => ({ ...base, ...words, ...rest }) as Question),
  fc.tuple(common, text).map(([base, words]) => ({
    ...base,
    generalFeedback: undefined,
    kind: 'description' as const,
    text: words,
  })),
)
