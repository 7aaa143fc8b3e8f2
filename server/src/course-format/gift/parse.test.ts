import { describe, expect, it } from 'vitest'
import { parseGift } from './parse.ts'
import type { Question } from './types.ts'

function only(source: string): Question {
  const { questions, problems } = parseGift(source)
  expect(problems).toEqual([])
  expect(questions).toHaveLength(1)
  return questions[0] as Question
}

describe('parseGift: question kinds', () => {
  it('reads a multiple-choice question: = right, ~ wrong', () => {
    expect(only("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")).toEqual({
      kind: 'multiple-choice',
      text: "Who's buried in Grant's tomb?",
      format: 'moodle',
      line: 1,
      choices: [
        { text: 'Grant', correct: false },
        { text: 'Jefferson', correct: false },
        { text: 'no one', correct: true },
      ],
    })
  })

  it('keeps partial credit on a wrong choice of a multiple-choice question', () => {
    const question = only('Where? {=Nazareth ~%50%Galilee ~%0%Rome ~Jerusalem}')
    expect(question).toMatchObject({
      kind: 'multiple-choice',
      choices: [
        { text: 'Nazareth', correct: true },
        { text: 'Galilee', correct: false, weight: 50 },
        { text: 'Rome', correct: false },
        { text: 'Jerusalem', correct: false },
      ],
    })
    if (question.kind === 'multiple-choice')
      expect(question.choices[2]).not.toHaveProperty('weight')
  })

  it('reads a multiple-answer question from weighted ~ choices; an unweighted one is worth 0', () => {
    expect(only('Which? {~%50%one ~%50%two ~%-100%three ~four}')).toMatchObject({
      kind: 'multiple-answer',
      choices: [
        { text: 'one', weight: 50 },
        { text: 'two', weight: 50 },
        { text: 'three', weight: -100 },
        { text: 'four', weight: 0 },
      ],
    })
  })

  it('accepts decimal weights whose positive sum is 100 within 0.01', () => {
    const question = only('Which? {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}')
    expect(question).toMatchObject({ kind: 'multiple-answer' })
  })

  it.each([
    ['T', true],
    ['TRUE', true],
    ['F', false],
    ['FALSE', false],
    ['true', true],
    [' f ', false],
  ])('reads a true-false question written {%s}', (word, answer) => {
    expect(only(`Grant is buried in Grant's tomb.{${word}}`)).toEqual({
      kind: 'true-false',
      text: "Grant is buried in Grant's tomb.",
      format: 'moodle',
      line: 1,
      answer,
    })
  })

  it('reads true-false feedback: the first # is for a wrong answer, the second for a right one', () => {
    expect(only('The sun is a star.{T#No, it is a star.#Yes.}')).toMatchObject({
      answer: true,
      feedbackWrong: 'No, it is a star.',
      feedbackRight: 'Yes.',
    })
    const rightOnly = only('The moon is a star.{FALSE##Right, it is not.}')
    expect(rightOnly).toMatchObject({ answer: false, feedbackRight: 'Right, it is not.' })
    expect(rightOnly).not.toHaveProperty('feedbackWrong')
  })

  it('reads a short-answer question: weights default to 100', () => {
    expect(only("Who's buried in Grant's tomb?{=no one =%50%nobody#Almost.}")).toMatchObject({
      kind: 'short-answer',
      answers: [
        { text: 'no one', weight: 100 },
        { text: 'nobody', weight: 50, feedback: 'Almost.' },
      ],
    })
  })

  it('reads a matching question, with or without spaces around ->, and a distractor', () => {
    const question = only(
      'Match the capitals.{=Canada->Ottawa =Italy -> Rome =Japan ->Tokyo = -> Paris}',
    )
    expect(question).toMatchObject({
      kind: 'matching',
      pairs: [
        { left: 'Canada', right: 'Ottawa' },
        { left: 'Italy', right: 'Rome' },
        { left: 'Japan', right: 'Tokyo' },
        { left: '', right: 'Paris' },
      ],
    })
  })

  it('reads a numerical answer with a tolerance', () => {
    expect(only('Pi to two decimals? {#3.14:0.01}')).toMatchObject({
      kind: 'numerical',
      answers: [{ kind: 'exact', value: 3.14, tolerance: 0.01, weight: 100 }],
    })
  })

  it('reads a numerical answer without a tolerance as exact, and negative numbers', () => {
    expect(only('Two plus two? {#4}')).toMatchObject({
      answers: [{ kind: 'exact', value: 4, tolerance: 0 }],
    })
    expect(only('Below zero? {#-1.5:.25}')).toMatchObject({
      answers: [{ kind: 'exact', value: -1.5, tolerance: 0.25 }],
    })
  })

  it('reads a numerical range', () => {
    expect(only('Pi? {#3.1..3.2}')).toMatchObject({
      answers: [{ kind: 'range', min: 3.1, max: 3.2, weight: 100 }],
    })
  })

  it('reads several weighted numerical answers with feedback, and feedback for any other answer', () => {
    expect(
      only('Pi? {# =%100%3.14:0#Exact. =%50%3:0.5#Close. ~#Think of a circle.}'),
    ).toMatchObject({
      kind: 'numerical',
      answers: [
        { kind: 'exact', value: 3.14, tolerance: 0, weight: 100, feedback: 'Exact.' },
        { kind: 'exact', value: 3, tolerance: 0.5, weight: 50, feedback: 'Close.' },
      ],
      feedbackWrong: 'Think of a circle.',
    })
  })

  it('reads an essay from an empty answer block', () => {
    expect(only('Describe one barrier in your town. { }')).toEqual({
      kind: 'essay',
      text: 'Describe one barrier in your town.',
      format: 'moodle',
      line: 1,
    })
  })

  it('reads a description from text without an answer block', () => {
    expect(only('The next questions are about access.')).toEqual({
      kind: 'description',
      text: 'The next questions are about access.',
      format: 'moodle',
      line: 1,
    })
  })
})

describe('parseGift: text around the questions', () => {
  it('reads the missing-word form: the block becomes a blank in the text', () => {
    const question = only("Grant is {~buried =entombed ~living} in Grant's tomb.")
    expect(question).toMatchObject({
      kind: 'multiple-choice',
      text: "Grant is _____ in Grant's tomb.",
      blankAt: 9,
    })
    expect(question.text.slice(question.blankAt, (question.blankAt ?? 0) + 5)).toBe('_____')
  })

  it('reads the missing word in other kinds and at the start of the text', () => {
    expect(only('Two plus {=two =2} equals four.')).toMatchObject({
      kind: 'short-answer',
      text: 'Two plus _____ equals four.',
      blankAt: 9,
    })
    expect(only('{T} is the answer.')).toMatchObject({ text: '_____ is the answer.', blankAt: 0 })
  })

  it('is not a missing word when only spaces follow the block', () => {
    expect(only('Who? {=me}   ')).not.toHaveProperty('blankAt')
  })

  it('reads a title', () => {
    expect(only('::Grant::Who is buried here?{=Grant}')).toMatchObject({
      title: 'Grant',
      text: 'Who is buried here?',
    })
    expect(only('::  Spaced title  ::\nOn the next line {T}')).toMatchObject({
      title: 'Spaced title',
      text: 'On the next line',
    })
  })

  it.each(['markdown', 'html', 'plain', 'moodle'] as const)('reads the [%s] format', (format) => {
    expect(only(`::T::[${format}]Is **this** <b>bold</b>?{T}`)).toMatchObject({
      format,
      text: 'Is **this** <b>bold</b>?',
    })
  })

  it('defaults to the moodle format and keeps an unknown tag as text', () => {
    expect(only('Plain question {T}')).toMatchObject({ format: 'moodle' })
    expect(only('[latex] x {T}')).toMatchObject({ format: 'moodle', text: '[latex] x' })
  })

  it('ignores // comment lines, also inside a question and its answer block', () => {
    const source = [
      '// Module 1',
      '// ==========',
      'Which colour',
      '// a comment inside the text',
      'is the sky? {',
      '  // a comment inside the block',
      '  =blue',
      '  ~green',
      '}',
      '',
      '// a paragraph of comments only',
      '// is not a question',
    ].join('\n')
    expect(only(source)).toMatchObject({ text: 'Which colour\nis the sky?', line: 3 })
  })

  it('keeps // that is not at the start of a line', () => {
    expect(only('See https://example.org {T}')).toMatchObject({ text: 'See https://example.org' })
  })

  it.each([
    ['\\~', '~'],
    ['\\=', '='],
    ['\\#', '#'],
    ['\\{', '{'],
    ['\\}', '}'],
    ['\\:', ':'],
    ['\\\\', '\\'],
    ['\\n', '\n'],
  ])('unescapes %s in titles, stems, answers and feedback', (escaped, plain) => {
    const question = only(
      `::a${escaped}b::Is a${escaped}b right? {=x${escaped}y#f${escaped}g ~z####g${escaped}h}`,
    )
    expect(question).toMatchObject({
      title: `a${plain}b`,
      text: `Is a${plain}b right?`,
      choices: [{ text: `x${plain}y`, feedback: `f${plain}g` }, { text: 'z' }],
      generalFeedback: `g${plain}h`,
    })
  })

  it('keeps a backslash before any other character, and reads \\\\n as a backslash and an n', () => {
    expect(only('C:\\dir and \\\\n {T}')).toMatchObject({ text: 'C:\\dir and \\n' })
  })

  it('reads answer feedback after #', () => {
    expect(only('Q? {=a#Yes, a. ~b#No, not b.}')).toMatchObject({
      choices: [
        { text: 'a', correct: true, feedback: 'Yes, a.' },
        { text: 'b', correct: false, feedback: 'No, not b.' },
      ],
    })
  })

  it('reads general feedback after #### in every kind of block', () => {
    expect(only('Q? {=a ~b ####Because.}')).toMatchObject({ generalFeedback: 'Because.' })
    expect(only('Q? {T####Because.}')).toMatchObject({ answer: true, generalFeedback: 'Because.' })
    expect(only('Q? {#4#Four.####Because.}')).toMatchObject({
      answers: [{ value: 4, feedback: 'Four.' }],
      generalFeedback: 'Because.',
    })
    expect(only('Reflect. {####We hope it helped.}')).toMatchObject({
      kind: 'essay',
      generalFeedback: 'We hope it helped.',
    })
  })

  it('keeps $CATEGORY on the questions that follow, until the next one', () => {
    const source = [
      '$CATEGORY: $course$/top/Default',
      '',
      'One {T}',
      '',
      '$CATEGORY: access/buildings',
      'Two, right below its category {F}',
      '',
      '$CATEGORY:',
      '',
      'Three {T}',
    ].join('\n')
    const { questions, problems } = parseGift(source)
    expect(problems).toEqual([])
    expect(questions.map((question) => [question.text, question.category, question.line])).toEqual([
      ['One', '$course$/top/Default', 3],
      ['Two, right below its category', 'access/buildings', 6],
      ['Three', undefined, 10],
    ])
  })

  it('allows line breaks and indentation inside an answer block', () => {
    const source = [
      'The American holiday of Thanksgiving is celebrated on the {',
      '    ~second',
      '    ~third',
      '    =fourth',
      '} Thursday of November.',
    ].join('\n')
    expect(only(source)).toMatchObject({
      text: 'The American holiday of Thanksgiving is celebrated on the _____ Thursday of November.',
      choices: [{ text: 'second' }, { text: 'third' }, { text: 'fourth', correct: true }],
    })
  })

  it('reads CRLF and CR line endings like LF', () => {
    const lines = ['// quiz', 'One {T}', '', '', 'Two {', '=a', '~b', '}']
    const lf = parseGift(lines.join('\n'))
    expect(parseGift(lines.join('\r\n'))).toEqual(lf)
    expect(parseGift(lines.join('\r'))).toEqual(lf)
    expect(lf.questions.map((question) => question.line)).toEqual([2, 5])
  })

  it('separates questions by one or more blank lines, also lines of spaces', () => {
    const { questions } = parseGift('One {T}\n\n\n  \t\nTwo {F}\nstill two\n\nThree')
    expect(questions.map((question) => [question.kind, question.line])).toEqual([
      ['true-false', 1],
      ['true-false', 5],
      ['description', 8],
    ])
    expect(questions[1]?.text).toBe('Two _____\nstill two')
  })

  it('adds the caller’s line offset to question lines', () => {
    const { questions } = parseGift('\nOne {T}\n\nTwo {F}', { lineOffset: 10 })
    expect(questions.map((question) => question.line)).toEqual([12, 14])
  })

  it('reads an empty source, or one of comments only, as no questions', () => {
    expect(parseGift('')).toEqual({ questions: [], problems: [] })
    expect(parseGift('// nothing\n\n   \n// here')).toEqual({ questions: [], problems: [] })
  })
})
