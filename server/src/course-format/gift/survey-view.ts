import { learnerView, type LearnerQuestion } from './learner-view.ts'
import type { Question } from './types.ts'

export type SurveyQuestion = LearnerQuestion & { id: string; scale?: { min: number; max: number } }

/**
 * Survey questions in the author's order. An integer range of at most ten values is a rating scale:
 * a survey has no key to hide, so the range itself may be shown.
 */
export function surveyQuestions(questions: readonly Question[]): SurveyQuestion[] {
  return questions.map((source, index) => {
    const question: SurveyQuestion = { ...learnerView(source), id: String(index) }
    const range =
      source.kind === 'numerical' && source.answers.length === 1 ? source.answers[0] : undefined
    if (
      range?.kind === 'range' &&
      Number.isInteger(range.min) &&
      Number.isInteger(range.max) &&
      range.max > range.min &&
      range.max - range.min < 10
    ) {
      question.scale = { min: range.min, max: range.max }
    }
    return question
  })
}
