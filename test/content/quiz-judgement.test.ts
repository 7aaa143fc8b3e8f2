/**
 * Quizzes that test judgement (issue #16), checked on the real courses in `courses/`.
 *
 * Definitions (see `server/src/course-format/quiz-tags.ts` and courses/README.md):
 * - A question is a *situation* question when its title carries `[situation]`: it puts the learner
 *   in a municipal situation and asks what to do or which rule applies. Every other graded question
 *   is a *recall* question and must carry at least one `[fact <id>]` tag.
 * - A *fact* is one piece of reference knowledge a question asks for or hinges on (a year, an
 *   article or target number, a threshold, a named instrument or judgment), named by its tag id.
 *   Situation questions that hinge on a fact carry its tag too. Facts are counted once per
 *   question of the library (on the English quiz; every translation must carry the same tags on the
 *   same question), and no fact may be asked by more than two questions.
 * - Independently of the tags, the right answer of a typed question (short answer or numerical),
 *   normalised like the grader does, may be the right answer of at most two questions: the same
 *   number or word asked a third time is the same fact asked a third time.
 * - Weights: every weight of every answer must be one of Moodle's grades (or its negative), so
 *   that Moodle imports the quiz as written.
 * - Round trip: every quiz of every stored and generated language, exported as `npm run gift --
 *   export` does and imported back as `npm run gift -- import` does, gives the same questions and
 *   the same module file.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  formatGift,
  learnerView,
  parseGift,
  type Question,
} from '../../server/src/course-format/gift/index.ts'
import {
  type CourseManifest,
  generatedLanguages,
  parseManifest,
} from '../../server/src/course-format/manifest.ts'
import { renderModule } from '../../server/src/course-format/markdown/index.ts'
import { replaceQuiz } from '../../server/src/course-format/quiz-blocks.ts'
import { isMoodleWeight, questionTags } from '../../server/src/course-format/quiz-tags.ts'
import { deepToCyrillic } from '../../server/src/course-format/transliterate.ts'
import { readCourseFiles } from '../../server/src/courses/files.ts'
import { normaliseShortAnswer } from '../../server/src/quizzes/grading.ts'

const root =
  process.env.AGORA_COURSES_DIR ?? fileURLToPath(new URL('../../courses/', import.meta.url))

const MAX_QUESTIONS_PER_FACT = 2
const MIN_SITUATION_SHARE = 2 / 3

interface ModuleQuiz {
  course: string
  module: string
  language: string
  file: string
  source: string
  questions: Question[]
}

const slugs = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'course.yaml')))
  .map((entry) => entry.name)
  .sort()

function questionsOf(source: string): Question[] {
  return renderModule(source).quizzes.flatMap(
    (quiz) => parseGift(quiz.source, { lineOffset: quiz.line - 1 }).questions,
  )
}

const graded = (questions: Question[]) =>
  questions.filter((question) => question.kind !== 'essay' && question.kind !== 'description')

const quizzes: ModuleQuiz[] = slugs.flatMap((course) => {
  const files = readCourseFiles(join(root, course))
  const manifest: CourseManifest | null = parseManifest(files['course.yaml']!).manifest
  if (!manifest) return []
  const languages = manifest.languages.filter((language) => !generatedLanguages[language])
  return manifest.steps
    .filter((step) => step.kind === 'module')
    .flatMap((step) =>
      languages.flatMap((language) => {
        const source = files[`${language}/${step.slug}.md`]
        if (source === undefined) return []
        return [
          {
            course,
            module: step.slug,
            language,
            file: `${course}/${language}/${step.slug}.md`,
            source,
            questions: questionsOf(source),
          },
        ]
      }),
    )
})
const english = quizzes.filter((quiz) => quiz.language === 'en')

const where = (quiz: ModuleQuiz, question: Question, index: number) =>
  `${quiz.file}:${question.line}: question ${index + 1} '${question.title ?? ''}'`

/** Every weight an answer of the question carries, with what it belongs to. */
function weightsOf(question: Question): number[] {
  switch (question.kind) {
    case 'multiple-choice':
      return question.choices.map((choice) => (choice.correct ? 100 : (choice.weight ?? 0)))
    case 'multiple-answer':
      return question.choices.map((choice) => choice.weight)
    case 'short-answer':
    case 'numerical':
      return question.answers.map((answer) => answer.weight)
    default:
      return []
  }
}

/** The right answers of a typed question, normalised as the grader compares them. */
function typedKeys(question: Question): string[] {
  if (question.kind === 'short-answer')
    return [
      ...new Set(
        question.answers
          .filter((answer) => answer.weight === 100)
          .map((answer) => normaliseShortAnswer(answer.text)),
      ),
    ]
  if (question.kind === 'numerical')
    return [
      ...new Set(
        question.answers
          .filter((answer) => answer.weight === 100)
          .map((answer) =>
            answer.kind === 'exact' ? String(answer.value) : `${answer.min}..${answer.max}`,
          ),
      ),
    ]
  return []
}

describe('quizzes that test judgement', () => {
  it('finds the courses and their quizzes', () => {
    expect(slugs.length).toBeGreaterThanOrEqual(4)
    expect(english.length).toBeGreaterThanOrEqual(15)
  })

  it('tags every graded question: [situation], or a recall question with its [fact]', () => {
    const problems = quizzes.flatMap((quiz) =>
      graded(quiz.questions).flatMap((question, index) => {
        const tags = questionTags(question.title)
        return [
          ...tags.problems.map((problem) => `${where(quiz, question, index)}: ${problem}`),
          ...(!tags.situation && tags.facts.length === 0
            ? [`${where(quiz, question, index)}: neither [situation] nor a [fact …] tag`]
            : []),
          ...(tags.label === ''
            ? [`${where(quiz, question, index)}: no label after the tags`]
            : []),
        ]
      }),
    )
    expect(problems).toEqual([])
  })

  it('never shows the tags to a learner', () => {
    const shown = quizzes.flatMap((quiz) =>
      graded(quiz.questions)
        .filter((question) => /\[(situation|fact )/.test(JSON.stringify(learnerView(question))))
        .map((question) => `${quiz.file}:${question.line}`),
    )
    expect(shown).toEqual([])
    const tagged = quizzes
      .flatMap((quiz) => graded(quiz.questions))
      .filter((question) => question.title?.startsWith('['))
    expect(tagged.length).toBeGreaterThan(100)
  })

  it('asks at least two thirds situation questions in every module and language', () => {
    const problems = quizzes.flatMap((quiz) => {
      const questions = graded(quiz.questions)
      const situations = questions.filter((question) => questionTags(question.title).situation)
      return situations.length >= MIN_SITUATION_SHARE * questions.length
        ? []
        : [
            `${quiz.file}: ${situations.length} situation questions of ${questions.length}, at least ${Math.ceil(MIN_SITUATION_SHARE * questions.length)} needed`,
          ]
    })
    expect(problems).toEqual([])
  })

  it('tags each translated question as its English question', () => {
    const problems = quizzes
      .filter((quiz) => quiz.language !== 'en')
      .flatMap((quiz) => {
        const original = english.find(
          (en) => en.course === quiz.course && en.module === quiz.module,
        )
        if (!original) return []
        const mine = graded(quiz.questions)
        const theirs = graded(original.questions)
        return mine.flatMap((question, index) => {
          const a = questionTags(question.title)
          const b = questionTags(theirs[index]?.title)
          return a.situation === b.situation && a.facts.join(' ') === b.facts.join(' ')
            ? []
            : [`${where(quiz, question, index)}: tags differ from the English question`]
        })
      })
    expect(problems).toEqual([])
  })

  it('asks no fact more than twice across the library', () => {
    const byFact = new Map<string, string[]>()
    const byKey = new Map<string, string[]>()
    for (const quiz of english) {
      graded(quiz.questions).forEach((question, index) => {
        for (const fact of questionTags(question.title).facts)
          byFact.set(fact, [...(byFact.get(fact) ?? []), where(quiz, question, index)])
        for (const key of typedKeys(question))
          byKey.set(key, [...(byKey.get(key) ?? []), where(quiz, question, index)])
      })
    }
    const over = (map: Map<string, string[]>, what: string) =>
      [...map]
        .filter(([, places]) => places.length > MAX_QUESTIONS_PER_FACT)
        .map(
          ([id, places]) => `${what} ${id} is asked ${places.length} times: ${places.join('; ')}`,
        )
    expect([...over(byFact, 'fact'), ...over(byKey, 'typed answer')]).toEqual([])
    expect(byFact.size).toBeGreaterThan(0)
  })

  it('gives every answer a weight Moodle accepts', () => {
    const problems = quizzes.flatMap((quiz) =>
      quiz.questions.flatMap((question, index) =>
        weightsOf(question)
          .filter((weight) => !isMoodleWeight(weight))
          .map(
            (weight) => `${where(quiz, question, index)}: weight ${weight}% is not a Moodle grade`,
          ),
      ),
    )
    expect(problems).toEqual([])
  })

  it('exports every quiz to GIFT and imports it back unchanged, file and questions, in every language', () => {
    const strip = (questions: Question[]) => questions.map(({ line: _line, ...rest }) => rest)
    const cyrillic = quizzes
      .filter((quiz) => quiz.language === 'sr-Latn')
      .map((quiz) => ({
        ...quiz,
        language: 'sr-Cyrl',
        file: `${quiz.file} (sr-Cyrl)`,
        questions: deepToCyrillic(quiz.questions),
      }))
    const problems = [...quizzes, ...cyrillic].flatMap((quiz) => {
      const exported = formatGift(quiz.questions)
      const imported = parseGift(exported)
      const found: string[] = imported.problems.map(
        (problem) =>
          `${quiz.file}: the export does not import: ${problem.line}: ${problem.message}`,
      )
      try {
        expect(strip(imported.questions)).toEqual(strip(quiz.questions))
      } catch {
        found.push(`${quiz.file}: the exported quiz imports as different questions`)
      }
      if (quiz.language !== 'sr-Cyrl') {
        const once = replaceQuiz(quiz.source, exported)
        if (once !== quiz.source)
          found.push(
            `${quiz.file}: importing its own export changes the module file (run npm run gift -- export, then import, to tidy its layout)`,
          )
        if (JSON.stringify(strip(questionsOf(once))) !== JSON.stringify(strip(quiz.questions)))
          found.push(`${quiz.file}: the imported module file holds different questions`)
      }
      return found
    })
    expect(problems).toEqual([])
  })
})
