import { describe, expect, it } from 'vitest'
import { parseGift } from './parse.ts'
import type { GiftProblem } from './types.ts'

const NUMBERS = 'write a numerical answer like 3.14, 3.14:0.01 or 3.1..3.2'

function problems(source: string): GiftProblem[] {
  const result = parseGift(source)
  expect(result.questions).toEqual([])
  return result.problems
}

function problem(line: number, column: number, message: string): GiftProblem[] {
  return [{ line, column, message }]
}

describe('parseGift problems: structure', () => {
  it('reports a title without its closing ::', () => {
    expect(problems('\n::Grant Who is buried here? {T}')).toEqual(
      problem(2, 1, "the title is not closed: add '::' after it"),
    )
  })

  it('reports an answer block that is not closed, at its {', () => {
    expect(problems('First line\nWho? {\n  =me\n  ~you')).toEqual(
      problem(2, 6, "the answer block is not closed: add '}'"),
    )
  })

  it('reports a } without an opening {', () => {
    expect(problems('Who? =me}')).toEqual(
      problem(
        1,
        9,
        "found '}' without an opening '{': escape it as '\\}' if it belongs to the text",
      ),
    )
  })

  it('reports a { inside an answer block', () => {
    expect(problems('Who? {=me\n  ~{you}')).toEqual(
      problem(
        2,
        4,
        "found '{' inside an answer block: close the block with '}' first, or escape it as '\\{'",
      ),
    )
  })

  it('reports a second answer block, and a stray } after the block', () => {
    expect(problems('Who? {=me} and {=you}')).toEqual(
      problem(
        1,
        16,
        "a question has only one answer block: escape '{' as '\\{' if it belongs to the text",
      ),
    )
    expect(problems('Who? {=me} and }')).toEqual(
      problem(
        1,
        16,
        "a question has only one answer block: escape '}' as '\\}' if it belongs to the text",
      ),
    )
  })

  it('reports a question without text', () => {
    expect(problems('::Only a title::')).toEqual(problem(1, 17, 'the question has no text'))
    expect(problems('::Title:: {=a =b}')).toEqual(
      problem(1, 11, "the question has no text: write it before '{'"),
    )
  })

  it('reports text in the block that is not an answer', () => {
    expect(problems('Capital of France? {Paris}')).toEqual(
      problem(
        1,
        21,
        "unexpected text 'Paris' in the answer block: start each answer with '=' or '~'",
      ),
    )
  })

  it('reports an empty answer at its marker', () => {
    expect(problems('Who? {\n  =me\n  ~ #empty\n}')).toEqual(
      problem(3, 3, "an answer is empty: write its text after '~'"),
    )
  })

  it('reports a weight that is not a number', () => {
    expect(problems('Who? {=%half%me}')).toEqual(
      problem(1, 8, 'a weight is a number between % signs, like %50% or %-25%'),
    )
  })

  it('reports a weight out of range', () => {
    expect(problems('Who? {=%150%me}')).toEqual(
      problem(1, 8, 'the weight 150% is out of range: use a number from -100 to 100'),
    )
  })
})

describe('parseGift problems: choices', () => {
  it('reports two right answers in a multiple-choice question, at the second', () => {
    expect(problems('Who?\n{\n  =me\n  =you\n  ~them\n}')).toEqual(
      problem(4, 3, 'a multiple-choice question needs exactly one right answer (=); found 2'),
    )
  })

  it('reports a multiple-choice question without a right answer, at its block', () => {
    expect(problems('Who? {~me ~you}')).toEqual(
      problem(1, 6, 'a multiple-choice question needs exactly one right answer (=); found 0'),
    )
  })

  it('reports a multiple-choice question with fewer than 2 choices', () => {
    // A single `=` answer is a short answer, so a lone choice is a `~` and also lacks a right answer.
    expect(problems('Who? {~me}')).toEqual([
      {
        line: 1,
        column: 6,
        message: 'a multiple-choice question needs exactly one right answer (=); found 0',
      },
      {
        line: 1,
        column: 6,
        message: 'a multiple-choice question needs at least 2 choices; found 1',
      },
    ])
  })

  it('reports a weight on the right answer of a multiple-choice question', () => {
    expect(problems('Who? {=%50%me ~you}')).toEqual(
      problem(
        1,
        7,
        'the right answer (=) of a multiple-choice question is always worth 100%; found 50%',
      ),
    )
  })

  it('reports multiple-answer weights that do not add up to 100', () => {
    expect(problems('Which? {~%50%a ~%40%b ~%-100%c}')).toEqual(
      problem(
        1,
        8,
        'the positive weights of a multiple-answer question must add up to 100%; they add up to 90%',
      ),
    )
  })

  it('reports a multiple-answer question with one choice', () => {
    expect(problems('Which? {~%100%a}')).toEqual(
      problem(1, 8, 'a multiple-answer question needs at least 2 choices; found 1'),
    )
  })
})

describe('parseGift problems: matching, short answer, numerical', () => {
  it('reports feedback on a matching pair', () => {
    expect(problems('Match. {=a -> b#no =c -> d}')).toEqual(
      problem(
        1,
        16,
        "a matching pair cannot have feedback: escape '#' as '\\#' if it belongs to the text",
      ),
    )
  })

  it('reports a matching pair without ->', () => {
    expect(problems('Match. {\n  =a -> b\n  =c -> d\n  =e to f\n}')).toEqual(
      problem(4, 3, "a matching pair needs '->' between its two sides: write '=left -> right'"),
    )
  })

  it('reports a matching pair without a right side', () => {
    expect(problems('Match. {=a -> b =c -> d =e -> }')).toEqual(
      problem(1, 28, "a matching pair needs a right side after '->'"),
    )
  })

  it('reports a matching question with fewer than 2 pairs; distractors do not count', () => {
    expect(problems('Match. {=a -> b = -> c}')).toEqual(
      problem(1, 8, 'a matching question needs at least 2 pairs; found 1'),
    )
  })

  it('reports a short-answer question without an answer worth 100%', () => {
    expect(problems('Who? {=%50%me =%20%you}')).toEqual(
      problem(1, 6, 'a short-answer question needs an answer worth 100%'),
    )
  })

  it('reports a numerical question without an answer worth 100%', () => {
    expect(problems('Pi? {# =%50%3 =%20%4}')).toEqual(
      problem(1, 5, 'a numerical question needs an answer worth 100%'),
    )
  })

  it('reports a numerical answer that is not a number', () => {
    expect(problems('Pi? {#\n  =%100%pi:0.1\n}')).toEqual(
      problem(2, 9, `'pi:0.1' is not a number: ${NUMBERS}`),
    )
  })

  it('reports a reversed numerical range', () => {
    expect(problems('Pi? {#5..1}')).toEqual(
      problem(1, 7, 'the range 5..1 is reversed: write the smaller number first'),
    )
  })

  it('reports a negative tolerance', () => {
    expect(problems('Pi? {#3:-1}')).toEqual(
      problem(1, 7, 'the tolerance must not be negative; found -1'),
    )
  })

  it('reports a numerical block without an answer', () => {
    expect(problems('Pi? {#}')).toEqual(
      problem(1, 5, `a numerical question needs an answer after '#': ${NUMBERS}`),
    )
  })

  it('reports ~ in a numerical question that is not the last feedback', () => {
    expect(problems('Pi? {# =3.14 ~#Wrong. =3}')).toEqual(
      problem(
        1,
        14,
        "in a numerical question '~' only introduces feedback for any other answer: write '~#feedback' after the last answer",
      ),
    )
  })

  it('reports a numerical block mixing one bare answer with = answers', () => {
    expect(problems('Pi? {#3.14 =3}')).toEqual(
      problem(
        1,
        12,
        "a numerical answer block holds either one answer right after '#' or answers that each start with '='",
      ),
    )
  })
})

describe('parseGift problems: recovery', () => {
  it('leaves out a malformed question and goes on with the next', () => {
    const source = ['One {T}', '', 'Two {=a =b ~c}', '', 'Three {', '  =x', '', 'Four {F}'].join(
      '\n',
    )
    const { questions, problems } = parseGift(source)
    expect(questions.map((question) => question.text)).toEqual(['One', 'Four'])
    expect(problems).toEqual([
      {
        line: 3,
        column: 9,
        message: 'a multiple-choice question needs exactly one right answer (=); found 2',
      },
      { line: 5, column: 7, message: "the answer block is not closed: add '}'" },
    ])
  })

  it('reports every problem of a question at once', () => {
    expect(problems('Who? {=%x%a ~%200%b ~}').map((entry) => entry.column)).toEqual([8, 14, 21])
  })

  it('adds the caller’s line offset to problem lines', () => {
    expect(parseGift('\nWho? {=me', { lineOffset: 40 }).problems).toEqual(
      problem(42, 6, "the answer block is not closed: add '}'"),
    )
  })
})
