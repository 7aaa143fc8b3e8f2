/**
 * Tags in a question's title, e.g. `::[situation] [fact crpd-accessibility-article] Ramp::`: what
 * kind of question it is, for the content tests that count them. The title is Moodle's question
 * name, kept by GIFT export and import and never shown to learners, so the tags travel with the
 * question and stay out of the learner's view.
 *
 * - `[situation]`: the question puts the learner in a municipal situation and asks what to do or
 *   which rule applies.
 * - `[fact <id>]`: the question asks for (or hinges on) one piece of reference knowledge – a year,
 *   an article or target number, a threshold, a named instrument or judgment. The id names the
 *   fact, not its answer (`crpd-accessibility-article`, `rs-council-threshold`): lowercase letters,
 *   digits, `.` and `-`, the same in every language of the question. A question without
 *   `[situation]` is a recall question and must name the fact it asks.
 */
export interface QuestionTags {
  situation: boolean
  facts: string[]
  /** The title without its tags. */
  label: string
  /** Tags that are not understood, in plain English. */
  problems: string[]
}

const FACT_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/

export function questionTags(title: string | undefined): QuestionTags {
  const tags: QuestionTags = { situation: false, facts: [], label: '', problems: [] }
  let rest = (title ?? '').trim()
  for (let match = /^\[([^\]]*)\]\s*/.exec(rest); match; match = /^\[([^\]]*)\]\s*/.exec(rest)) {
    const words = match[1]!.trim().split(/\s+/)
    if (words.length === 1 && words[0] === 'situation') tags.situation = true
    else if (words.length === 2 && words[0] === 'fact' && FACT_ID.test(words[1]!)) {
      if (!tags.facts.includes(words[1]!)) tags.facts.push(words[1]!)
    } else tags.problems.push(`unknown tag [${match[1]}]: use [situation] or [fact some-id]`)
    rest = rest.slice(match[0].length)
  }
  tags.label = rest
  return tags
}

/**
 * The grades Moodle offers for an answer (its question/format.php grade options), in percent. A GIFT
 * weight that is not one of these (or its negative) is changed or refused by Moodle's import.
 */
export const MOODLE_WEIGHTS: readonly number[] = [
  100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571,
  12.5, 11.11111, 10, 5, 0,
]

export function isMoodleWeight(weight: number): boolean {
  return MOODLE_WEIGHTS.some((allowed) => Math.abs(Math.abs(weight) - allowed) < 1e-9)
}
