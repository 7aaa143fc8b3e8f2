import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatGift } from './format.ts'
import { parseGift } from './parse.ts'
import type { Question } from './types.ts'

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
const withoutLines = (questions: Question[]) => questions.map(({ line: _line, ...rest }) => rest)

function expectStableRoundTrip(questions: Question[]): void {
  const gift = formatGift(questions)
  const again = parseGift(gift)
  expect(again.problems).toEqual([])
  expect(withoutLines(again.questions)).toEqual(withoutLines(questions))
  expect(formatGift(again.questions)).toBe(gift)
}

describe('a trainer’s quiz on municipal inclusion', () => {
  const { questions, problems } = parseGift(fixture('inclusion-quiz.gift'))

  it('reads six questions of six kinds, each at its line', () => {
    expect(problems).toEqual([])
    expect(questions.map((question) => [question.kind, question.title, question.line])).toEqual([
      ['multiple-choice', 'CRPD participation', 6],
      ['multiple-answer', 'Accessible services', 15],
      ['true-false', 'Reasonable accommodation', 22],
      ['numerical', 'CRPD year', 29],
      ['matching', 'Principles', 31],
      ['short-answer', 'Abbreviation', 39],
    ])
    expect(new Set(questions.map((question) => question.category))).toEqual(
      new Set(['inclusive-municipalities/participation']),
    )
  })

  it('reads the details a trainer wrote', () => {
    const [choice, multiple, trueFalse, year] = questions
    expect(choice).toMatchObject({
      text: expect.stringContaining('take part\nin political and public life'),
      choices: [
        {
          correct: true,
          feedback: 'Yes: Article 29 covers participation in political and public life.',
        },
        { correct: false },
        { correct: false },
      ],
      generalFeedback: 'The CRPD was adopted by the UN General Assembly in 2006.',
    })
    expect(multiple).toMatchObject({
      format: 'markdown',
      choices: [{ weight: 50 }, { weight: 50 }, { weight: -100 }],
    })
    expect(trueFalse).toMatchObject({
      answer: false,
      feedbackWrong: expect.stringMatching(/^Not quite: /),
      feedbackRight: expect.stringMatching(/^Right: /),
    })
    expect(year).toMatchObject({
      text: 'The UN General Assembly adopted the Convention on the Rights of Persons with Disabilities in _____.',
      answers: [{ kind: 'exact', value: 2006, tolerance: 0, weight: 100 }],
    })
  })

  it('round-trips', () => {
    expectStableRoundTrip(questions)
  })
})

describe('a Moodle export (Export questions → GIFT)', () => {
  const { questions, problems } = parseGift(fixture('moodle-export.gift'))
  const common = { format: 'html', category: '$course$/top/Default for Inclusive municipalities' }

  it('imports every question without loss', () => {
    expect(problems).toEqual([])
    expect(questions).toEqual([
      {
        ...common,
        kind: 'description',
        title: 'Welcome',
        text: '<p>This quiz checks the main ideas of the module <em>Participation</em>.</p>',
        line: 6,
      },
      {
        ...common,
        kind: 'multiple-answer',
        title: 'Easy-to-read',
        text:
          '<p dir="ltr" style="text-align: left;">Who benefits from information in <strong>easy-to-read</strong> language?</p>\n' +
          '<p>Choose all that apply.</p>',
        choices: [
          {
            text: '<p>People with intellectual disabilities</p>',
            weight: 50,
            feedback: '<p>Yes.</p>',
          },
          {
            text: '<p>People who are learning the local language</p>',
            weight: 50,
            feedback: '<p>Yes.</p>',
          },
          {
            text: '<p>Nobody: it is only a legal formality</p>',
            weight: -100,
            feedback: '<p>No: many residents benefit.</p>',
          },
        ],
        generalFeedback:
          '<p>Easy-to-read helps many residents, not only the ones it was designed for.</p>',
        line: 10,
      },
      {
        ...common,
        kind: 'true-false',
        title: 'Reasonable accommodation',
        text: "<p>Reasonable accommodation is an adjustment made for a particular person's needs.</p>",
        answer: true,
        feedbackWrong: '<p>It is individual: made where needed in a particular case.</p>',
        feedbackRight: '<p>Right.</p>',
        line: 19,
      },
      {
        ...common,
        kind: 'numerical',
        title: 'CRPD year',
        text: '<p>In which year did the UN General Assembly adopt the CRPD?</p>',
        answers: [
          {
            kind: 'exact',
            value: 2006,
            tolerance: 0,
            weight: 100,
            feedback: '<p>Yes: on 13 December 2006.</p>',
          },
        ],
        feedbackWrong: '<p>It was adopted in 2006.</p>',
        line: 23,
      },
      {
        ...common,
        kind: 'short-answer',
        title: 'Abbreviation',
        text: '<p>What is the usual abbreviation of the Convention on the Rights of Persons with Disabilities?</p>',
        answers: [
          { text: 'CRPD', weight: 100 },
          { text: 'UNCRPD', weight: 100, feedback: '<p>Also used.</p>' },
        ],
        line: 30,
      },
      {
        ...common,
        kind: 'matching',
        title: 'Principles',
        text: '<p>Match each principle with its meaning.</p>',
        pairs: [
          { left: '<p>Accessibility</p>', right: 'Everyone can reach and use the service' },
          {
            left: '<p>Participation</p>',
            right: 'Residents take part in decisions that affect them',
          },
          { left: '<p>Non-discrimination</p>', right: 'No one is treated less favourably' },
        ],
        generalFeedback: '<p>These principles come back in every module.</p>',
        line: 37,
      },
      {
        ...common,
        kind: 'multiple-choice',
        title: 'Service counter',
        text: '<p>Which change helps a wheelchair user most at the service counter?</p>',
        choices: [
          {
            text: '<p>A lowered section of the counter</p>',
            correct: true,
            feedback: '<p>Right.</p>',
          },
          {
            text: '<p>A brighter sign above the counter</p>',
            correct: false,
            feedback: '<p>That helps people with low vision, but not here.</p>',
          },
          { text: '<p>A longer queue rope</p>', correct: false, feedback: '<p>No.</p>' },
        ],
        line: 46,
      },
      {
        ...common,
        kind: 'essay',
        title: 'Reflection',
        text: '<p>Describe one barrier that residents face in your municipality.</p>',
        line: 54,
      },
    ])
  })

  it('round-trips', () => {
    expectStableRoundTrip(questions)
  })
})
