import type { QuestionStats } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

/** Below this facility index most learners miss a question: its wording may mislead. */
export const hardFacility = 0.3

/** A question named as learners saw it ("Question 3"), with its version when several were asked. */
function questionLabels(questions: QuestionStats[]): string[] {
  const versions = new Set(questions.map((question) => question.version))
  return questions.map((question) =>
    versions.size > 1
      ? m.dashboard_question_in_version({
          number: question.question + 1,
          version: question.version,
        })
      : m.dashboard_question_number({ number: question.question + 1 }),
  )
}

/** The questions that were answered, as bars of their facility index, with text and answers. */
export function questionBars(questions: QuestionStats[]) {
  const labels = questionLabels(questions)
  return questions.flatMap((question, index) =>
    question.answers > 0 && question.facilityIndex !== null
      ? [
          {
            label: labels[index] ?? '',
            value: question.facilityIndex,
            note: m.dashboard_question_note({ text: question.text, answers: question.answers }),
          },
        ]
      : [],
  )
}

/** The questions most learners got wrong, by name. */
export function hardQuestions(questions: QuestionStats[]): string[] {
  const labels = questionLabels(questions)
  return questions.flatMap((question, index) =>
    question.answers > 0 && question.facilityIndex !== null && question.facilityIndex < hardFacility
      ? [labels[index] ?? '']
      : [],
  )
}
