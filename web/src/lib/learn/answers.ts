import type { Answer, LearnerQuestion } from '@agora/server/contract'

/**
 * Reads a quiz form into API answers. Field names: `q<id>` for one value (radio, text, number),
 * repeated `q<id>` for checkboxes, `q<id>-<leftId>` for each row of a matching question.
 */
export function answersFromForm(
  questions: LearnerQuestion[],
  form: FormData,
): Record<string, Answer> {
  const answers: Record<string, Answer> = {}
  for (const question of questions) {
    const name = `q${question.id}`
    const value = form.get(name)
    const text = typeof value === 'string' ? value.trim() : ''
    switch (question.kind) {
      case 'multiple-choice':
        if (text) answers[question.id] = { choice: text }
        break
      case 'multiple-answer': {
        const choices = form.getAll(name).filter((item): item is string => typeof item === 'string')
        if (choices.length > 0) answers[question.id] = { choices }
        break
      }
      case 'true-false':
        if (text === 'true' || text === 'false') answers[question.id] = { value: text === 'true' }
        break
      case 'numerical': {
        const number = Number(text.replace(',', '.'))
        if (text && Number.isFinite(number)) answers[question.id] = { number }
        break
      }
      case 'matching': {
        const pairs: Record<string, string> = {}
        for (const left of question.left ?? []) {
          const right = form.get(`${name}-${left.id}`)
          if (typeof right === 'string' && right) pairs[left.id] = right
        }
        if (Object.keys(pairs).length > 0) answers[question.id] = { pairs }
        break
      }
      case 'short-answer':
      case 'essay':
        if (text) answers[question.id] = { text }
        break
    }
  }
  return answers
}
