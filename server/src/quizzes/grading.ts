import type { Question, QuestionOutcome, QuestionResult } from '../course-format/gift/index.ts'
import { cyrillicToLatin } from '../course-format/cyrillic-latin.ts'
import { choiceOrder, learnerView } from '../course-format/gift/index.ts'
import type { FieldError } from '../http/problem.ts'
import type { Answer, Answers } from './answers.ts'

export type { QuestionOutcome, QuestionResult } from '../course-format/gift/index.ts'

export interface GradedAttempt {
  score: number
  results: QuestionResult[]
}

const clamp = (value: number) => Math.min(1, Math.max(0, value))
const expected: Record<string, string> = {
  'multiple-choice': 'choice',
  'multiple-answer': 'choices',
  'true-false': 'value',
  'short-answer': 'text',
  essay: 'text',
  numerical: 'number',
  matching: 'pairs',
}

/** Answers that name questions or choices the quiz does not have are refused, with a pointer each. */
export function checkAnswers(questions: readonly Question[], answers: Answers): FieldError[] {
  const errors: FieldError[] = []
  for (const [id, answer] of Object.entries(answers)) {
    const question = questions[Number(id)]
    const pointer = `/body/answers/${id}`
    const field = question ? expected[question.kind] : undefined
    if (!question || !field) {
      errors.push({ pointer, reason: 'unknown-reference', detail: 'no such question in this quiz' })
      continue
    }
    if (!(field in answer)) {
      errors.push({
        pointer,
        reason: 'type',
        detail: `a ${question.kind} question takes {"${field}": …}`,
      })
      continue
    }
    const view = learnerView(question)
    const inRange = (choice: string, count: number) =>
      /^[0-9]+$/.test(choice) && Number(choice) < count
    if (
      'choice' in answer &&
      view.kind === 'multiple-choice' &&
      !inRange(answer.choice, view.choices.length)
    )
      errors.push({ pointer, reason: 'unknown-reference', detail: 'no such choice' })
    if (
      'choices' in answer &&
      view.kind === 'multiple-answer' &&
      !answer.choices.every((choice) => inRange(choice, view.choices.length))
    ) {
      errors.push({ pointer, reason: 'unknown-reference', detail: 'no such choice' })
    }
    if ('pairs' in answer && view.kind === 'matching') {
      const left = new Set(view.left.map((item) => item.id))
      if (
        !Object.entries(answer.pairs).every(
          ([l, r]) => left.has(l) && inRange(r, view.right.length),
        )
      )
        errors.push({ pointer, reason: 'unknown-reference', detail: 'no such item to match' })
    }
  }
  return errors
}

export interface GradeOptions {
  /** Makes short answers comparable, e.g. case and script; defaults to normaliseShortAnswer. */
  normalise?: (text: string) => string
}

/**
 * Makes a typed answer comparable with the accepted ones, as a reader would expect: case, spacing
 * and punctuation do not count (`Sejdić & Finci`, `Sejdic-Finci` and `sejdić finci` are the same),
 * diacritics may be left out (`č`, `ć` and `c` are the same; `đ` is `dj`), and Serbian or
 * Macedonian Cyrillic equals its Latin spelling (`Сејдић` is `Sejdic`). A decimal point or comma
 * separates like a space (`16.7` and `16,7` are the same); `*` is kept for the wildcard.
 */
export function normaliseShortAnswer(text: string): string {
  return cyrillicToLatin(text.toLocaleLowerCase())
    .replace(/đ/g, 'dj')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}*]+/gu, ' ')
    .trim()
}

const defaultNormalise = normaliseShortAnswer

function wildcard(pattern: string, normalise: (text: string) => string): RegExp {
  const escaped = normalise(pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${escaped}$`, 'u')
}

function outcomeOf(points: number): QuestionOutcome {
  return points >= 1 ? 'right' : points > 0 ? 'partial' : 'wrong'
}

/** The choice a learner id stands for: ids follow the texts' alphabetical order, not the author's. */
function choiceById<T extends { text: string }>(choices: readonly T[], id: string): T | undefined {
  const index = choiceOrder(choices)[Number(id)]
  return index === undefined ? undefined : choices[index]
}

/** Grades one question on the server; partial credit follows GIFT weights as Moodle does. */
export function gradeQuestion(
  question: Question,
  answer: Answer | undefined,
  id: string,
  options: GradeOptions = {},
): QuestionResult {
  const normalise = options.normalise ?? defaultNormalise
  const general = question.generalFeedback ? [question.generalFeedback] : []
  const result = (
    points: number | null,
    feedback: (string | undefined)[],
    rightAnswer?: string,
  ): QuestionResult => ({
    id,
    outcome: points === null ? 'ungraded' : answer === undefined ? 'unanswered' : outcomeOf(points),
    points,
    feedback: [...feedback.filter((text): text is string => Boolean(text)), ...general],
    ...(rightAnswer !== undefined ? { rightAnswer } : {}),
  })

  switch (question.kind) {
    case 'multiple-choice': {
      const right = question.choices.find((choice) => choice.correct)?.text
      const chosen =
        answer && 'choice' in answer ? choiceById(question.choices, answer.choice) : undefined
      if (!chosen) return result(0, [], right)
      return result(
        chosen.correct ? 1 : clamp((chosen.weight ?? 0) / 100),
        [chosen.feedback],
        right,
      )
    }
    case 'multiple-answer': {
      const right = question.choices
        .filter((choice) => choice.weight > 0)
        .map((choice) => choice.text)
        .join('; ')
      const picked =
        answer && 'choices' in answer
          ? [...new Set(answer.choices)]
              .map((choice) => choiceById(question.choices, choice))
              .filter((choice) => choice !== undefined)
          : []
      // Moodle's grades have seven decimals, so three right answers of 33.33333% add up to
      // 99.99999%: a sum within a millionth of a whole counts as the whole.
      const sum = picked.reduce((total, choice) => total + choice.weight, 0) / 100
      const points = clamp(Math.round(sum * 1e6) / 1e6)
      return result(
        picked.length === 0 ? 0 : points,
        picked.map((choice) => choice.feedback),
        right,
      )
    }
    case 'true-false': {
      const given = answer && 'value' in answer ? answer.value : undefined
      const right = given === question.answer
      return result(
        right ? 1 : 0,
        given === undefined ? [] : [right ? question.feedbackRight : question.feedbackWrong],
        String(question.answer),
      )
    }
    case 'short-answer': {
      const given = answer && 'text' in answer ? answer.text : ''
      const match = given.trim()
        ? question.answers
            .filter((candidate) => wildcard(candidate.text, normalise).test(normalise(given)))
            .sort((a, b) => b.weight - a.weight)[0]
        : undefined
      const right = question.answers
        .filter((candidate) => candidate.weight >= 100)
        .map((candidate) => candidate.text)
        .join(' / ')
      return result(match ? clamp(match.weight / 100) : 0, [match?.feedback], right)
    }
    case 'numerical': {
      const given = answer && 'number' in answer ? answer.number : undefined
      const fits = (candidate: (typeof question.answers)[number]) =>
        given !== undefined &&
        (candidate.kind === 'exact'
          ? Math.abs(given - candidate.value) <= candidate.tolerance
          : given >= candidate.min && given <= candidate.max)
      const match = question.answers.filter(fits).sort((a, b) => b.weight - a.weight)[0]
      const best = question.answers.find((candidate) => candidate.weight >= 100)
      const right = best
        ? best.kind === 'exact'
          ? String(best.value)
          : `${best.min}–${best.max}`
        : undefined
      return result(
        match ? clamp(match.weight / 100) : 0,
        [match ? match.feedback : given === undefined ? undefined : question.feedbackWrong],
        right,
      )
    }
    case 'matching': {
      const view = learnerView(question)
      if (view.kind !== 'matching') throw new Error('unreachable')
      const given = answer && 'pairs' in answer ? answer.pairs : {}
      const scored = question.pairs.flatMap((pair, index) =>
        pair.left === '' ? [] : [{ pair, chosen: view.right[Number(given[String(index)])]?.text }],
      )
      const correct = scored.filter(({ pair, chosen }) => chosen === pair.right).length
      const right = scored.map(({ pair }) => `${pair.left} → ${pair.right}`).join('; ')
      return result(scored.length === 0 ? 1 : correct / scored.length, [], right)
    }
    case 'essay':
    case 'description':
      return result(null, [])
  }
}

/** The score is the mean over graded questions; an ungraded quiz (only essays) scores 1. */
export function gradeAttempt(
  questions: readonly Question[],
  answers: Answers,
  options: GradeOptions = {},
): GradedAttempt {
  const results = questions.map((question, index) =>
    gradeQuestion(question, answers[String(index)], String(index), options),
  )
  const graded = results.filter((item) => item.points !== null)
  const score =
    graded.length === 0 ? 1 : graded.reduce((sum, item) => sum + item.points!, 0) / graded.length
  return { score, results }
}
