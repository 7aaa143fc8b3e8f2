import { compact } from './text.ts'
import type { Question, QuestionKind, TextFormat } from './types.ts'

/** Something a learner picks; answers are submitted by `id`. */
export interface LearnerOption {
  id: string
  text: string
}

interface LearnerBase {
  text: string
  format: TextFormat
  blankAt?: number
}

type ChoiceKind = 'multiple-choice' | 'multiple-answer'

export type LearnerQuestion =
  | (LearnerBase & { kind: ChoiceKind; choices: LearnerOption[] })
  | (LearnerBase & { kind: 'matching'; left: LearnerOption[]; right: LearnerOption[] })
  | (LearnerBase & { kind: Exclude<QuestionKind, ChoiceKind | 'matching'> })

const collator = new Intl.Collator('en')
const compareTexts = (a: string, b: string) =>
  collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)

/**
 * The author's indexes of a question's choices in the order of their learner ids: alphabetical by
 * text, so learner id `n` is `choices[choiceOrder(choices)[n]]`. Ids must not be the author's
 * indexes: GIFT authors write the right choice first, so id 0 would be the key.
 */
export function choiceOrder(choices: readonly { text: string }[]): readonly number[] {
  let order = orders.get(choices)
  if (!order) {
    order = Object.freeze(
      choices
        .map((_, index) => index)
        .sort((a, b) => compareTexts(choices[a]!.text, choices[b]!.text) || a - b),
    )
    orders.set(choices, order)
  }
  return order
}

// Parsed questions live as long as their course version's cache entry, and every attempt, grading
// and answer sheet asks for the same views and orders again: they are worked out once per question
// and frozen, so no caller can change what the next one gets.
const orders = new WeakMap<readonly { text: string }[], readonly number[]>()
const views = new WeakMap<Question, LearnerQuestion>()

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

/**
 * The question as a learner may see it before submitting: the stem and the texts to choose from,
 * never the key, weights or feedback, and not the title (a trainer's label that may hint at it).
 *
 * Choice ids are indexes into the choices sorted alphabetically (see choiceOrder). Matching `left`
 * ids are indexes into `pairs`; `right` is the distinct right-hand texts sorted alphabetically, ids
 * being indexes into that sorted list. So neither order nor ids reveal the key or the pairing.
 * Shuffling is the caller's job.
 */
export function learnerView(question: Question): LearnerQuestion {
  let view = views.get(question)
  if (!view) {
    view = deepFreeze(buildLearnerView(question))
    views.set(question, view)
  }
  return view
}

function buildLearnerView(question: Question): LearnerQuestion {
  const base = compact({ text: question.text, format: question.format, blankAt: question.blankAt })
  switch (question.kind) {
    case 'multiple-choice':
    case 'multiple-answer':
      return {
        ...base,
        kind: question.kind,
        choices: choiceOrder(question.choices).map((index, id) => ({
          id: String(id),
          text: question.choices[index]!.text,
        })),
      }
    case 'matching': {
      const left = question.pairs.flatMap((pair, index) =>
        pair.left === '' ? [] : [{ id: String(index), text: pair.left }],
      )
      const right = [...new Set(question.pairs.map((pair) => pair.right))]
        .sort(compareTexts)
        .map((text, index) => ({ id: String(index), text }))
      return { ...base, kind: 'matching', left, right }
    }
    default:
      return { ...base, kind: question.kind }
  }
}
