import { describe, expect, it } from 'vitest'
import { choiceOrder, learnerView } from './learner-view.ts'
import { parseGift } from './parse.ts'
import type { MultipleChoiceQuestion } from './types.ts'

// Every secret is distinctive, so its absence from the JSON is meaningful.
const QUIZ = String.raw`::SECRET-TITLE-1::Who? {=Alice#SECRET-FB-1 ~Bob#SECRET-FB-2 ~%37.5%Carol####SECRET-GF-1}

::SECRET-TITLE-2::Which two? {~%62.5%Dan#SECRET-FB-3 ~%37.5%Eve ~%-100%Finn#SECRET-FB-4}

Grant is buried in Grant's tomb.{T#SECRET-FB-5#SECRET-FB-6####SECRET-GF-2}

Capital of France? {=SECRET-ANSWER-1#SECRET-FB-7 =%50%SECRET-ANSWER-2}

Match the capitals. {=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo = -> Bern ####SECRET-GF-3}

Pi? {# =%100%4242:0.75#SECRET-FB-8 =%50%4141..4343 ~#SECRET-FB-9}

Pi, in a sentence: it is {#4242} more or less.

Reflect on your week. {####SECRET-GF-4}

Read this first.`

describe('learnerView', () => {
  const { questions, problems } = parseGift(QUIZ)

  it('shows stems and choice texts with stable ids', () => {
    expect(problems).toEqual([])
    expect(questions.map(learnerView)).toEqual([
      {
        kind: 'multiple-choice',
        text: 'Who?',
        format: 'moodle',
        choices: [
          { id: '0', text: 'Alice' },
          { id: '1', text: 'Bob' },
          { id: '2', text: 'Carol' },
        ],
      },
      {
        kind: 'multiple-answer',
        text: 'Which two?',
        format: 'moodle',
        choices: [
          { id: '0', text: 'Dan' },
          { id: '1', text: 'Eve' },
          { id: '2', text: 'Finn' },
        ],
      },
      { kind: 'true-false', text: "Grant is buried in Grant's tomb.", format: 'moodle' },
      { kind: 'short-answer', text: 'Capital of France?', format: 'moodle' },
      {
        kind: 'matching',
        text: 'Match the capitals.',
        format: 'moodle',
        left: [
          { id: '0', text: 'Canada' },
          { id: '1', text: 'Italy' },
          { id: '2', text: 'Japan' },
        ],
        right: [
          { id: '0', text: 'Bern' },
          { id: '1', text: 'Ottawa' },
          { id: '2', text: 'Rome' },
          { id: '3', text: 'Tokyo' },
        ],
      },
      { kind: 'numerical', text: 'Pi?', format: 'moodle' },
      {
        kind: 'numerical',
        text: 'Pi, in a sentence: it is _____ more or less.',
        format: 'moodle',
        blankAt: 25,
      },
      { kind: 'essay', text: 'Reflect on your week.', format: 'moodle' },
      { kind: 'description', text: 'Read this first.', format: 'moodle' },
    ])
  })

  it('leaks no key, weight, feedback, general feedback or title', () => {
    const json = JSON.stringify(questions.map(learnerView))
    expect(json).not.toContain('SECRET')
    const keys = [
      'correct',
      'weight',
      'feedback',
      'answer',
      'answers',
      'pairs',
      'title',
      'tolerance',
    ]
    for (const key of keys) {
      expect(json).not.toMatch(new RegExp(`"${key}\\w*"`, 'i'))
    }
    for (const number of ['37.5', '62.5', '-100', '4242', '0.75', '4141', '4343']) {
      expect(json).not.toContain(number)
    }
    expect(json).not.toContain('=')
    expect(json).not.toContain('~')
  })

  it("does not reveal the key through choice ids: they follow the texts, not the author's order", () => {
    // GIFT authors write the right choice first; with author indexes as ids, id 0 would be the key.
    const rightFirst = parseGift(
      'Who? {=Zoe ~Adam ~Mia}\n\nWhich? {~%50%Zinc ~%50%Iron ~%-100%Gold}',
    ).questions
    const rightLast = parseGift(
      'Who? {~Mia ~Adam =Zoe}\n\nWhich? {~%-100%Gold ~%50%Iron ~%50%Zinc}',
    ).questions
    const expected = [
      { id: '0', text: 'Adam' },
      { id: '1', text: 'Mia' },
      { id: '2', text: 'Zoe' },
    ]
    expect(learnerView(rightFirst[0]!)).toMatchObject({ choices: expected })
    expect(rightFirst.map(learnerView)).toEqual(rightLast.map(learnerView))
    expect(choiceOrder((rightFirst[0] as MultipleChoiceQuestion).choices)).toEqual([1, 2, 0])
  })

  it('does not reveal the pairing of a matching question through order or ids', () => {
    const { questions: reversed } = parseGift(
      'Match. {=a -> zebra =b -> yak =c -> xerus =d -> yak}',
    )
    const [question] = reversed
    if (!question) throw new Error('expected a question')
    const view = learnerView(question)
    expect(view).toMatchObject({
      left: [
        { id: '0', text: 'a' },
        { id: '1', text: 'b' },
        { id: '2', text: 'c' },
        { id: '3', text: 'd' },
      ],
      right: [
        { id: '0', text: 'xerus' },
        { id: '1', text: 'yak' },
        { id: '2', text: 'zebra' },
      ],
    })
  })
})
