// What a survey asks and what a report makes of the answers: pure, no I/O.
import { randomInt } from 'node:crypto'
import {
  choiceOrder,
  type Question,
  surveyQuestions,
  type SurveyQuestion,
} from '../course-format/gift/index.ts'
import type { FieldError } from '../http/problem.ts'
import type { EvaluationQuestion, EvaluationReport } from './schemas.ts'

/** A stored answer: a rating (number), a text, or a choice as the author's index of the option. */
export type StoredAnswers = Record<string, number | string>

/**
 * How a survey question is answered and reported. An integer scale of at most ten values is a
 * rating; an essay, a short answer or a number is text; a multiple-choice question is a choice.
 * Descriptions, matching, true/false and multiple answers take no answer in a survey.
 */
export type AnswerRule =
  | { kind: 'rating'; text: string; min: number; max: number }
  | { kind: 'text'; text: string }
  | { kind: 'choice'; text: string; options: string[]; order: readonly number[] }
  | null

export function answerRules(questions: readonly Question[]): AnswerRule[] {
  const views: SurveyQuestion[] = surveyQuestions(questions)
  return questions.map((question, index) => {
    const view = views[index]!
    if (view.scale) return { kind: 'rating', text: view.text, ...view.scale }
    switch (question.kind) {
      case 'essay':
      case 'short-answer':
      case 'numerical':
        return { kind: 'text', text: view.text }
      case 'multiple-choice':
        return {
          kind: 'choice',
          text: view.text,
          options: question.choices.map((choice) => choice.text),
          order: choiceOrder(question.choices),
        }
      default:
        return null
    }
  })
}

/**
 * Checks a learner's answers against the survey's questions and turns them into what is stored:
 * ratings as integers within the scale, texts trimmed (an empty one is no answer; a number sent
 * for a text question, as a form posts "2030", is kept as its text), a choice as the author's
 * index of the option (the learner's ids follow the texts' order, which differs by language). No
 * question is required: the evaluation tells learners to write as much or as little as they like.
 */
export function checkAnswers(
  questions: readonly Question[],
  answers: Readonly<Record<string, number | string>>,
): { stored: StoredAnswers; errors: FieldError[] } {
  const rules = answerRules(questions)
  const stored: StoredAnswers = {}
  const errors: FieldError[] = []
  for (const [key, value] of Object.entries(answers)) {
    const pointer = `/body/answers/${key}`
    const index = Number(key)
    const id = String(index)
    if (!/^[0-9]{1,3}$/.test(key) || index >= rules.length) {
      errors.push({
        pointer,
        reason: 'unknown-reference',
        detail: 'the survey has no such question',
      })
      continue
    }
    if (id in stored || (id !== key && id in answers)) {
      errors.push({ pointer, reason: 'conflict', detail: 'the question is answered twice' })
      continue
    }
    const rule = rules[index]
    if (!rule) {
      errors.push({ pointer, reason: 'not-allowed', detail: 'this question takes no answer' })
      continue
    }
    if (rule.kind === 'rating') {
      if (typeof value !== 'number' || !Number.isInteger(value))
        errors.push({ pointer, reason: 'type', detail: 'a rating is a whole number' })
      else if (value < rule.min)
        errors.push({ pointer, reason: 'too-small', detail: `at least ${rule.min}` })
      else if (value > rule.max)
        errors.push({ pointer, reason: 'too-large', detail: `at most ${rule.max}` })
      else stored[id] = value
    } else if (rule.kind === 'text') {
      const text = typeof value === 'number' ? String(value) : value.trim()
      if (text !== '') stored[id] = text
    } else {
      const choice = typeof value === 'number' ? value : /^[0-9]{1,3}$/.test(value) ? +value : NaN
      const option = Number.isInteger(choice) ? rule.order[choice] : undefined
      if (option === undefined)
        errors.push({ pointer, reason: 'unknown-reference', detail: 'no such choice' })
      else stored[id] = option
    }
  }
  return { stored, errors }
}

/** A copy in random order (Fisher–Yates with the system's cryptographic random source). */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items]
  for (let last = copy.length - 1; last > 0; last--) {
    const other = randomInt(last + 1)
    ;[copy[last], copy[other]] = [copy[other]!, copy[last]!]
  }
  return copy
}

/**
 * The report of one survey over the responses given: below `minimum` only the count. Ratings as a
 * count per value of the scale and the mean, choices as a count per option, texts listed in a new
 * random order on every call (the order they were stored in could follow who answered when).
 */
export function buildReport(
  questions: readonly Question[],
  responses: readonly StoredAnswers[],
  minimum: number,
): EvaluationReport {
  const enough = responses.length >= minimum
  const report = { responses: responses.length, minimum, enough }
  if (!enough) return { ...report, questions: null }
  const items: EvaluationQuestion[] = []
  answerRules(questions).forEach((rule, index) => {
    if (!rule) return
    const given = responses.map((answers) => answers[String(index)]).filter((a) => a !== undefined)
    const base = { index, text: rule.text, kind: rule.kind, answered: given.length }
    if (rule.kind === 'text') {
      items.push({ ...base, answers: shuffled(given.map(String)) })
      return
    }
    const values =
      rule.kind === 'rating'
        ? Array.from({ length: rule.max - rule.min + 1 }, (_, at) => rule.min + at)
        : rule.options.map((_, at) => at)
    const distribution = values.map((value) => ({
      value,
      label: rule.kind === 'rating' ? String(value) : rule.options[value]!,
      count: given.filter((answer) => answer === value).length,
    }))
    if (rule.kind === 'choice') {
      items.push({ ...base, distribution })
      return
    }
    const ratings = given.filter((answer): answer is number => typeof answer === 'number')
    const mean = ratings.length
      ? Math.round((ratings.reduce((sum, rating) => sum + rating, 0) / ratings.length) * 100) / 100
      : null
    items.push({ ...base, distribution, mean })
  })
  return { ...report, questions: items }
}
