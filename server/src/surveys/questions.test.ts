import { describe, expect, it } from 'vitest'
import { parseGift } from '../course-format/gift/index.ts'
import { buildReport, checkAnswers, shuffled, type StoredAnswers } from './questions.ts'

const survey = (gift: string) => {
  const { questions, problems } = parseGift(gift)
  expect(problems).toEqual([])
  return questions
}

// The author writes the options in this order; learners get ids by the texts' alphabetical order
// (Often 0, Rarely 1, Weekly 2), in Serbian by the Serbian texts' order.
const english = survey(`
::Use::How often do you use what you learned? {=Weekly ~Often ~Rarely}

::Rate::Rate the course {#1..4}

::Note::Thank you.

::Match::Match {=a -> b =c -> d}

::Why::Why? {}
`)
const serbian = survey(`
::Use::Koliko često koristite naučeno? {=Nedeljno ~Često ~Retko}

::Rate::Ocenite kurs {#1..4}

::Note::Hvala.

::Match::Spojite {=a -> b =c -> d}

::Why::Zašto? {}
`)

describe('checking answers against a survey', () => {
  it("stores a choice as the author's option, whatever the language's ids", () => {
    expect(checkAnswers(english, { '0': 2, '1': 4, '4': ' Because ' })).toEqual({
      stored: { '0': 0, '1': 4, '4': 'Because' },
      errors: [],
    })
    // In Serbian "Nedeljno" (the author's first) sorts second: id 1.
    expect(checkAnswers(serbian, { '0': '1' }).stored).toEqual({ '0': 0 })
  })

  it('names every answer that does not fit', () => {
    const { stored, errors } = checkAnswers(english, {
      '0': 3,
      '1': 5,
      '2': 'a note takes no answer',
      '3': 'matching takes none either',
      '9': 'no such question',
      '4': '   ',
    })
    expect(stored).toEqual({})
    expect(errors.map(({ pointer, reason }) => `${pointer} ${reason}`)).toEqual([
      '/body/answers/0 unknown-reference',
      '/body/answers/1 too-large',
      '/body/answers/2 not-allowed',
      '/body/answers/3 not-allowed',
      '/body/answers/9 unknown-reference',
    ])
  })
})

describe('a report', () => {
  const responses: StoredAnswers[] = [
    { '0': 0, '1': 4, '4': 'one' },
    { '0': 0, '1': 3 },
    { '0': 2, '1': 4, '4': 'two' },
    { '1': 1 },
    { '0': 0, '4': 'three' },
  ]

  it('is the count alone below the minimum', () => {
    expect(buildReport(english, responses.slice(0, 4), 5)).toEqual({
      responses: 4,
      minimum: 5,
      enough: false,
      questions: null,
    })
  })

  it('counts choices and ratings, with labels in the language of the questions given', () => {
    const report = buildReport(serbian, responses, 5)
    expect(report.enough).toBe(true)
    expect(report.questions!.map((question) => question.index)).toEqual([0, 1, 4])
    expect(report.questions![0]).toEqual({
      index: 0,
      text: 'Koliko često koristite naučeno?',
      kind: 'choice',
      answered: 4,
      distribution: [
        { value: 0, label: 'Nedeljno', count: 3 },
        { value: 1, label: 'Često', count: 0 },
        { value: 2, label: 'Retko', count: 1 },
      ],
    })
    expect(report.questions![1]).toMatchObject({
      kind: 'rating',
      answered: 4,
      distribution: [1, 0, 1, 2].map((count, at) => ({
        value: at + 1,
        label: String(at + 1),
        count,
      })),
      mean: 3,
    })
    expect([...report.questions![2]!.answers!].sort()).toEqual(['one', 'three', 'two'])
  })
})

describe('shuffled', () => {
  it('keeps every item and does not always keep the order', () => {
    const items = Array.from({ length: 8 }, (_, n) => n)
    const orders = new Set<string>()
    for (let n = 0; n < 20; n++) {
      const copy = shuffled(items)
      expect([...copy].sort((a, b) => a - b)).toEqual(items)
      orders.add(copy.join())
    }
    expect(orders.size).toBeGreaterThan(1)
  })
})
