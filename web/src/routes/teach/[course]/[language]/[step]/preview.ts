import { m } from '$lib/paraglide/messages'

export interface ModuleProblem {
  line: number
  column: number
  message: string
}

interface Weighted {
  text: string
  weight: number
}

/** The trainer's view of a GIFT question, as POST /module-previews returns it. */
export interface PreviewQuestion {
  kind: string
  title?: string
  text: string
  line: number
  choices?: (Weighted & { correct?: boolean })[]
  answer?: boolean
  answers?: (Weighted & {
    kind?: string
    value?: number
    tolerance?: number
    min?: number
    max?: number
  })[]
  pairs?: { left: string; right: string }[]
}

export interface ModulePreview {
  frontMatter: { title: string; minutes: number; objectives: string[] } | null
  html: string
  toc: { level: number; id: string; text: string }[]
  questions: { question: PreviewQuestion; learnerView: Record<string, unknown> }[]
  problems: ModuleProblem[]
}

function numeric(answer: NonNullable<PreviewQuestion['answers']>[number]): string {
  if (answer.kind === 'range') return `${answer.min}–${answer.max}`
  return answer.tolerance ? `${answer.value} ± ${answer.tolerance}` : String(answer.value)
}

/** The right answers of a question in one line, for the trainer checking the quiz. */
export function answerKey(question: PreviewQuestion): string {
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
