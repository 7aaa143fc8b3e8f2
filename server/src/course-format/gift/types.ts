/** Moodle's text formats, picked by a `[markdown]`-style tag before the stem; default moodle. */
export type TextFormat = 'moodle' | 'markdown' | 'html' | 'plain'

export const TEXT_FORMATS: readonly TextFormat[] = ['moodle', 'markdown', 'html', 'plain']

/** Stands where a missing-word question's answer block was, as Moodle shows it. */
export const BLANK = '_____'

export interface QuestionBase {
  /** From `::Title::`. Moodle's question name: for trainers, never shown to learners. */
  title?: string
  /**
   * The stem, unescaped and trimmed. In the missing-word form (`Grant is {~a =b} in the tomb.`) the
   * answer block is replaced by BLANK and `blankAt` is its index in `text`. An index rather than a
   * search for BLANK, because a stem may itself contain underscores.
   */
  text: string
  blankAt?: number
  format: TextFormat
  /** From `####` at the end of the answer block: shown to every learner after answering. */
  generalFeedback?: string
  /** From the nearest `$CATEGORY:` line above: a Moodle bank path like `$course$/top/Default`. */
  category?: string
  /** 1-based line of the question's first line, after the caller's line offset. */
  line: number
}

export interface Choice {
  text: string
  correct: boolean
  feedback?: string
  /** Partial credit for a wrong choice, from `~%50%`; absent means 0. Never on the right choice. */
  weight?: number
}

/** A percentage from `%50%`: -100 to 100. */
export interface WeightedAnswer {
  text: string
  weight: number
  feedback?: string
}

export interface MultipleChoiceQuestion extends QuestionBase {
  kind: 'multiple-choice'
  /** Exactly one is correct (`=`). */
  choices: Choice[]
}

export interface MultipleAnswerQuestion extends QuestionBase {
  kind: 'multiple-answer'
  /** All written `~`; a choice without a weight is worth 0. Positive weights add up to 100. */
  choices: WeightedAnswer[]
}

export interface TrueFalseQuestion extends QuestionBase {
  kind: 'true-false'
  answer: boolean
  /** `{T#wrong#right}`: the first feedback is shown to a learner who answered wrongly (Moodle). */
  feedbackWrong?: string
  feedbackRight?: string
}

export interface ShortAnswerQuestion extends QuestionBase {
  kind: 'short-answer'
  /** At least one is worth 100. Matching is case-insensitive, but that is the grader's business. */
  answers: WeightedAnswer[]
}

/** A pair with an empty `left` is a distractor: a right-hand item that matches nothing (Moodle). */
export interface MatchingPair {
  left: string
  right: string
}

export interface MatchingQuestion extends QuestionBase {
  kind: 'matching'
  pairs: MatchingPair[]
}

export type NumericalValue =
  { kind: 'exact'; value: number; tolerance: number } | { kind: 'range'; min: number; max: number }

export type NumericalAnswer = NumericalValue & { weight: number; feedback?: string }

export interface NumericalQuestion extends QuestionBase {
  kind: 'numerical'
  /** At least one is worth 100. */
  answers: NumericalAnswer[]
  /** From `~#feedback` after the last answer: shown when the answer matches none (Moodle). */
  feedbackWrong?: string
}

/** `{}`: an ungraded reflection. */
export interface EssayQuestion extends QuestionBase {
  kind: 'essay'
}

/** Text with no answer block. */
export interface DescriptionQuestion extends QuestionBase {
  kind: 'description'
}

export type Question =
  | MultipleChoiceQuestion
  | MultipleAnswerQuestion
  | TrueFalseQuestion
  | ShortAnswerQuestion
  | MatchingQuestion
  | NumericalQuestion
  | EssayQuestion
  | DescriptionQuestion

export type QuestionKind = Question['kind']

/** What an answer block contributes to a question: its kind and kind-specific fields. */
export type QuestionBody = Question extends infer Q
  ? Q extends Question
    ? Omit<Q, keyof QuestionBase>
    : never
  : never

/** 1-based position and a plain English sentence saying what to change. */
export interface GiftProblem {
  line: number
  column: number
  message: string
}

export interface GiftParseOptions {
  /** Added to every line number, for GIFT embedded in a larger file (a Markdown fence). */
  lineOffset?: number
}

/** Only valid questions: a question with any problem is left out, and its problems are listed. */
export interface GiftParseResult {
  questions: Question[]
  problems: GiftProblem[]
}

/** A learner's answer to one question, by kind; ids are the learner view's (indexes as strings). */
export type LearnerAnswer =
  | { choice: string }
  | { choices: string[] }
  | { value: boolean }
  | { text: string }
  | { number: number }
  | { pairs: Record<string, string> }

/** A learner's answers to a quiz, by question id. */
export type LearnerAnswers = Record<string, LearnerAnswer>

export type QuestionOutcome = 'right' | 'partial' | 'wrong' | 'unanswered' | 'ungraded'

/** How one answer was graded. */
export interface QuestionResult {
  id: string
  outcome: QuestionOutcome
  /** 0..1, or null for ungraded questions (essays, descriptions). */
  points: number | null
  feedback: string[]
  /** The key in words: the service strips it unless keys may be shown (passed, or no attempt left). */
  rightAnswer?: string
}
