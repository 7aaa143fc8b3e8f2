import type { GiftQuestion } from '@agora/server/contract'
import { m } from '$lib/paraglide/messages'

type NumericalAnswer = Extract<GiftQuestion, { kind: 'numerical' }>['answers'][number]

function numeric(answer: NumericalAnswer): string {
  if (answer.kind === 'range') return `${answer.min}–${answer.max}`
  return answer.tolerance ? `${answer.value} ± ${answer.tolerance}` : String(answer.value)
}

/** The right answers of a question in one line, for the trainer checking the quiz. */
export function answerKey(question: GiftQuestion): string {
  switch (question.kind) {
    case 'multiple-choice':
      return (question.choices ?? [])
        .filter((choice) => choice.correct)
        .map((choice) => choice.text)
        .join('; ')
    case 'multiple-answer':
      return (question.choices ?? [])
        .filter((choice) => (choice.weight ?? 0) > 0)
        .map((choice) => `${choice.text} (${choice.weight}%)`)
        .join('; ')
    case 'true-false':
      return question.answer ? m.teach_key_true() : m.teach_key_false()
    case 'short-answer':
      return (question.answers ?? [])
        .filter((answer) => answer.weight > 0)
        .map((answer) =>
          answer.weight === 100 ? answer.text : `${answer.text} (${answer.weight}%)`,
        )
        .join('; ')
    case 'numerical':
      return (question.answers ?? [])
        .filter((answer) => answer.weight > 0)
        .map((answer) =>
          answer.weight === 100 ? numeric(answer) : `${numeric(answer)} (${answer.weight}%)`,
        )
        .join('; ')
    case 'matching':
      return (question.pairs ?? [])
        .filter((pair) => pair.left)
        .map((pair) => `${pair.left} → ${pair.right}`)
        .join('; ')
    case 'essay':
      return m.teach_key_ungraded()
    default:
      return m.teach_key_none()
  }
}
