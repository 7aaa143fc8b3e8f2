import { learnerView, type Question } from '../course-format/gift/index.ts'
import type { Answer } from './answers.ts'
import { questionSeed, shuffled } from './shuffle.ts'

export interface LearnerQuestion {
  id: string
  kind: string
  text: string
  format: string
  blankAt?: number
  choices?: { id: string; text: string }[]
  left?: { id: string; text: string }[]
  right?: { id: string; text: string }[]
  scale?: { min: number; max: number }
}

/** The questions as one attempt shows them: order and choices shuffled by its seed, keys left out. */
export function attemptQuestions(questions: readonly Question[], seed: number): LearnerQuestion[] {
  const order = shuffled(
    questions.map((_, index) => index),
    seed,
  )
  return order.map((index) => {
    const view = learnerView(questions[index]!)
    const own = questionSeed(seed, index)
    const question: LearnerQuestion = { ...view, id: String(index) }
    if ('choices' in view) question.choices = shuffled(view.choices, own)
    if ('left' in view) question.left = shuffled(view.left, own)
    return question
  })
}

/** The learner's answer in words, for a trainer's review. */
export function answerInWords(question: Question, answer: Answer | undefined): string | null {
  if (!answer) return null
  const view = learnerView(question)
  if ('choice' in answer && 'choices' in view)
    return view.choices[Number(answer.choice)]?.text ?? null
  if ('choices' in answer && 'choices' in view)
    return answer.choices.map((id) => view.choices[Number(id)]?.text ?? '?').join('; ')
  if ('value' in answer) return String(answer.value)
  if ('text' in answer) return answer.text
  if ('number' in answer) return String(answer.number)
  if ('pairs' in answer && view.kind === 'matching') {
    return view.left
      .map((item) => `${item.text} → ${view.right[Number(answer.pairs[item.id])]?.text ?? '—'}`)
      .join('; ')
  }
  return null
}
