/**
 * The minimums of the course library (issue #5), checked on the real courses in `courses/` so that
 * they cannot erode silently when a module is edited, shortened or translated.
 *
 * Each test collects every shortfall as one line naming the course, the file and what is missing,
 * and expects that list to be empty: a failure shows all of them at once.
 *
 * The folder is `courses/` unless AGORA_COURSES_DIR names another one (used to try the rules on a
 * copy of the library).
 *
 * Rules that need a definition:
 * - Words of teaching text: the module source without its front matter and without its ```gift
 *   fences, split on white space; a word is a piece holding at least one letter or digit, so
 *   Markdown marks (`##`, `-`, `:::`, `|`) do not count, and neither do the container names after
 *   `:::` (note, case-study, reflection). A case-study title counts.
 * - A module's quiz is the graded questions of all its ```gift blocks (essay and description
 *   questions are not graded and count for nothing); "kinds" are the parser's question kinds.
 * - Feedback on graded questions: every choice of a multiple-choice or multiple-answer question;
 *   both feedbacks of a true-false question; every answer of a short-answer or numerical question;
 *   general feedback (`####`) of a matching question.
 * - A translation is every stored language of course.yaml other than English; it must ask the
 *   same number of questions of the same kinds in the same order, in modules and surveys alike,
 *   with the same key: which choices are right (and the weight of each) for multiple choice and
 *   multiple answers, the answer of true-false, the values of numerical questions.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkCourse } from '../../server/src/course-format/check.ts'
import { parseGift, type Question } from '../../server/src/course-format/gift/index.ts'
import {
  type CourseManifest,
  generatedLanguages,
  parseManifest,
  type Step,
} from '../../server/src/course-format/manifest.ts'
import { renderModule } from '../../server/src/course-format/markdown/index.ts'
import { readCourseFiles } from '../../server/src/courses/files.ts'

const root =
  process.env.AGORA_COURSES_DIR ?? fileURLToPath(new URL('../../courses/', import.meta.url))

const MIN_WORDS = 900
const MIN_QUESTIONS = 6
const MIN_KINDS = 3

interface Expected {
  languages: string[]
  /** The module steps, as a check returning what is wrong with their slugs (empty when fine). */
  modules: (slugs: string[]) => string[]
  /** The whole step list, when the course prescribes it. */
  steps?: StepShape[]
}

/** A step as course.yaml gives it, without its line. */
type StepShape = Step extends infer S ? (S extends Step ? Omit<S, 'line'> : never) : never

const atLeast = (count: number) => (slugs: string[]) =>
  slugs.length >= count
    ? []
    : [`has ${slugs.length} module${slugs.length === 1 ? '' : 's'}, at least ${count} needed`]

const courses: Record<string, Expected> = {
  'human-rights-lnob': { languages: ['en', 'sr-Latn', 'sr-Cyrl', 'sv'], modules: atLeast(4) },
  // Issue 16: each country's own version – mk and sq for Minority Commissioner and Diversity
  // Management, sv for Human Rights and Diversity Management.
  'minority-commissioner': {
    languages: ['en', 'sr-Latn', 'sr-Cyrl', 'mk', 'sq'],
    modules: (slugs) => {
      const numbers = slugs.map((slug) => slug.slice(0, 2))
      const wanted = ['01', '02', '03', '04']
      return numbers.join() === wanted.join()
        ? []
        : [
            `has modules ${numbers.join(', ') || 'none'}, expected exactly ${wanted.join(', ')} in order`,
          ]
    },
  },
  'social-dialogue-forum': { languages: ['en', 'sr-Latn', 'sr-Cyrl'], modules: atLeast(3) },
  'diversity-management': {
    languages: ['en', 'sr-Latn', 'sr-Cyrl', 'mk', 'sq', 'sv'],
    modules: atLeast(4),
    steps: [
      { kind: 'module', slug: '01-introduction' },
      { kind: 'module', slug: '02-workplace' },
      { kind: 'webinar', slug: 'peer-exchange', alternative: 'good-practice' },
      { kind: 'module', slug: '03-services' },
      { kind: 'module', slug: '04-participation' },
      { kind: 'survey', slug: 'evaluation' },
    ],
  },
}

interface Course {
  slug: string
  files: Record<string, string>
  manifest: CourseManifest | null
}

function loadCourse(slug: string): Course {
  const folder = join(root, slug)
  if (!existsSync(join(folder, 'course.yaml'))) return { slug, files: {}, manifest: null }
  const files = readCourseFiles(folder)
  return { slug, files, manifest: parseManifest(files['course.yaml']!).manifest }
}

/** One line per shortfall, or the reason nothing could be checked. */
function withManifest(course: Course, check: (manifest: CourseManifest) => string[]): string[] {
  if (!course.manifest)
    return [`${course.slug}/course.yaml: missing or unreadable, nothing else can be checked`]
  return check(course.manifest)
}

const storedLanguages = (manifest: CourseManifest) =>
  manifest.languages.filter((language) => !generatedLanguages[language])

/** The words of teaching text of a module source, as defined at the top of this file. */
function teachingWords(source: string): number {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n?|\n/)
  let start = 0
  if (/^---\s*$/.test(lines[0] ?? '')) {
    const end = lines.findIndex((line, index) => index > 0 && /^---\s*$/.test(line))
    start = end === -1 ? 0 : end + 1
  }
  const kept: string[] = []
  let fence: string | null = null
  for (const line of lines.slice(start)) {
    if (fence === null) {
      const open = /^\s*(`{3,}|~{3,})\s*gift\b/.exec(line)
      if (open) fence = open[1]!
      else kept.push(line.replace(/^(\s*:{3,})\s*(note|case-study|reflection)\b/, '$1'))
    } else if (new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`).test(line)) {
      fence = null
    }
  }
  return kept
    .join('\n')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length
}

/** The questions of every ```gift block of a file, in order. */
function questionsOf(source: string): Question[] {
  return renderModule(source).quizzes.flatMap(
    (quiz) => parseGift(quiz.source, { lineOffset: quiz.line - 1 }).questions,
  )
}

const graded = (questions: Question[]) =>
  questions.filter((question) => question.kind !== 'essay' && question.kind !== 'description')
const label = (question: Question, index: number) =>
  `question ${index + 1}${question.title ? ` '${question.title}'` : ''} (line ${question.line})`

/** What a graded question lacks in feedback, as defined at the top of this file. */
function missingFeedback(question: Question): string[] {
  const missing: string[] = []
  const blank = (text: string | undefined) => !text?.trim()
  switch (question.kind) {
    case 'multiple-choice':
    case 'multiple-answer':
      question.choices.forEach((choice, index) => {
        if (blank(choice.feedback))
          missing.push(`choice ${index + 1} ('${choice.text}') has no feedback`)
      })
      break
    case 'true-false':
      if (blank(question.feedbackWrong)) missing.push('no feedback for a wrong answer (first #)')
      if (blank(question.feedbackRight)) missing.push('no feedback for a right answer (second #)')
      break
    case 'short-answer':
      question.answers.forEach((answer, index) => {
        if (blank(answer.feedback))
          missing.push(`answer ${index + 1} ('${answer.text}') has no feedback`)
      })
      break
    case 'numerical':
      question.answers.forEach((answer, index) => {
        const value = answer.kind === 'range' ? `${answer.min}..${answer.max}` : `${answer.value}`
        if (blank(answer.feedback)) missing.push(`answer ${index + 1} (${value}) has no feedback`)
      })
      break
    case 'matching':
      if (blank(question.generalFeedback)) missing.push('no general feedback (####)')
      break
  }
  return missing
}

/** What must be the same in every language: right choices and weights, true-false answer, numbers. */
function key(question: Question): string {
  switch (question.kind) {
    case 'multiple-choice':
      return question.choices
        .map((choice) => (choice.correct ? '=' : `~${choice.weight ?? 0}%`))
        .join(' ')
    case 'multiple-answer':
      return question.choices.map((choice) => `${choice.weight}%`).join(' ')
    case 'true-false':
      return question.answer ? 'T' : 'F'
    case 'numerical':
      return question.answers
        .map(
          (answer) =>
            `${answer.kind === 'range' ? `${answer.min}..${answer.max}` : `${answer.value}:${answer.tolerance}`}@${answer.weight}%`,
        )
        .join(' ')
    default:
      return ''
  }
}

describe('the course library', () => {
  it('holds exactly the four courses', () => {
    const folders = existsSync(root)
      ? readdirSync(root, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
          .map((entry) => entry.name)
          .sort()
      : []
    expect(folders, `course folders in ${root}`).toEqual(Object.keys(courses).sort())
  })
})

describe.each(Object.entries(courses))('course %s', (slug, expected) => {
  const course = loadCourse(slug)

  it('passes the course check with no problem', () => {
    const problems =
      course.manifest || Object.keys(course.files).length > 0
        ? checkCourse(slug, course.files).problems
        : null
    const lines = problems?.map(
      (problem) => `${slug}/${problem.file}:${problem.line}:${problem.column}: ${problem.message}`,
    )
    expect(
      lines ?? [`${slug}/course.yaml is missing`],
      `${slug}: npm run courses:check -- courses/${slug}`,
    ).toEqual([])
  })

  it('offers its languages', () => {
    const problems = withManifest(course, (manifest) => [
      ...expected.languages
        .filter((language) => !manifest.languages.includes(language))
        .map(
          (language) =>
            `${slug}/course.yaml: languages does not list ${language}${generatedLanguages[language] ? ` (generated from ${generatedLanguages[language]})` : ''}`,
        ),
      ...Object.keys(course.files)
        .filter((file) =>
          Object.keys(generatedLanguages).some((language) => file.startsWith(`${language}/`)),
        )
        .map((file) => `${slug}/${file}: generated languages are never stored, remove this file`),
    ])
    expect(problems, `${slug}: languages`).toEqual([])
  })

  it('has its steps', () => {
    const problems = withManifest(course, (manifest) => {
      const modules = manifest.steps
        .filter((step) => step.kind === 'module')
        .map((step) => step.slug)
      const found = expected.modules(modules).map((problem) => `${slug}/course.yaml: ${problem}`)
      if (expected.steps) {
        const steps = manifest.steps.map(({ line: _line, ...step }) => step)
        if (JSON.stringify(steps) !== JSON.stringify(expected.steps)) {
          const show = (list: typeof steps) =>
            list
              .map(
                (step) =>
                  `${step.kind} ${step.slug}${'alternative' in step && step.alternative ? ` (alternative ${step.alternative})` : ''}`,
              )
              .join(', ')
          found.push(
            `${slug}/course.yaml: steps are [${show(steps)}], expected [${show(expected.steps)}]`,
          )
        }
      }
      return found
    })
    expect(problems, `${slug}: steps`).toEqual([])
  })

  it('has English modules that meet the minimums', () => {
    const problems = withManifest(course, (manifest) =>
      manifest.steps
        .filter((step) => step.kind === 'module')
        .flatMap((step) => {
          const file = `${slug}/en/${step.slug}.md`
          const source = course.files[`en/${step.slug}.md`]
          if (source === undefined) return [`${file}: missing`]
          const found: string[] = []
          const rendered = renderModule(source)
          const front = rendered.frontMatter
          if (!front)
            found.push(
              `${file}: front matter with title, minutes and objectives is missing or invalid`,
            )
          else if (front.objectives.length < 1) found.push(`${file}: front matter has no objective`)
          const words = teachingWords(source)
          if (words < MIN_WORDS)
            found.push(`${file}: ${words} words of teaching text, at least ${MIN_WORDS} needed`)
          if (!rendered.html.includes('class="case-study"'))
            found.push(`${file}: no ::: case-study block`)
          if (!rendered.html.includes('class="reflection"'))
            found.push(`${file}: no ::: reflection block`)
          const questions = graded(questionsOf(source))
          if (questions.length < MIN_QUESTIONS)
            found.push(
              `${file}: the quiz has ${questions.length} graded questions, at least ${MIN_QUESTIONS} needed`,
            )
          const kinds = [...new Set(questions.map((question) => question.kind))]
          if (kinds.length < MIN_KINDS) {
            found.push(
              `${file}: the quiz mixes ${kinds.length} kind${kinds.length === 1 ? '' : 's'} of question (${kinds.join(', ') || 'none'}), at least ${MIN_KINDS} needed`,
            )
          }
          questions.forEach((question, index) => {
            for (const missing of missingFeedback(question))
              found.push(`${file}: ${label(question, index)}, ${question.kind}: ${missing}`)
          })
          return found
        }),
    )
    expect(problems, `${slug}: English modules`).toEqual([])
  })

  it('has translations with the same quizzes as English', () => {
    const problems = withManifest(course, (manifest) =>
      storedLanguages(manifest)
        .filter((language) => language !== 'en')
        .flatMap((language) =>
          manifest.steps.flatMap((step) => {
            if (step.kind === 'webinar') return []
            const english = course.files[`en/${step.slug}.md`]
            const source = course.files[`${language}/${step.slug}.md`]
            const file = `${slug}/${language}/${step.slug}.md`
            if (source === undefined)
              return [`${file}: missing (${step.kind} ${step.slug} has no ${language} text)`]
            if (english === undefined) return []
            const want = questionsOf(english)
            const have = questionsOf(source)
            if (have.length !== want.length)
              return [`${file}: ${have.length} questions, English has ${want.length}`]
            const found: string[] = []
            want.forEach((question, index) => {
              const other = have[index]!
              if (other.kind !== question.kind) {
                found.push(
                  `${file}: ${label(other, index)} is ${other.kind}, in English it is ${question.kind}`,
                )
              } else if (key(other) !== key(question)) {
                found.push(
                  `${file}: ${label(other, index)} has the key [${key(other)}], in English [${key(question)}]`,
                )
              }
            })
            return found
          }),
        ),
    )
    expect(problems, `${slug}: translations`).toEqual([])
  })
})

describe('diversity-management evaluation survey', () => {
  it('asks the four open questions and gives at least one rating', () => {
    const course = loadCourse('diversity-management')
    const problems = withManifest(course, (manifest) => {
      const survey = manifest.steps.find((step) => step.kind === 'survey')
      if (!survey) return ['diversity-management/course.yaml: no survey step']
      const file = `diversity-management/en/${survey.slug}.md`
      const source = course.files[`en/${survey.slug}.md`]
      if (source === undefined) return [`${file}: missing`]
      const questions = questionsOf(source)
      const essays = questions.filter((question) => question.kind === 'essay')
      const found: string[] = []
      if (essays.length !== 4)
        found.push(
          `${file}: ${essays.length} essay questions ({}), expected the four: what was good, useful for work, opportunities, challenges`,
        )
      const topics: [string, RegExp][] = [
        ['what was good', /\bgood\b/i],
        ['what was useful for work', /\buseful\b/i],
        ['opportunities', /\bopportunit/i],
        ['challenges', /\bchalleng/i],
      ]
      for (const [topic, pattern] of topics) {
        if (!essays.some((essay) => pattern.test(`${essay.title ?? ''} ${essay.text}`)))
          found.push(`${file}: no essay question asks about ${topic}`)
      }
      const ratings = questions.filter(
        (question) =>
          question.kind === 'numerical' &&
          question.answers.some((answer) => answer.kind === 'range'),
      )
      if (ratings.length < 1) found.push(`${file}: no rating (a numerical range such as {#1..5})`)
      return found
    })
    expect(problems, 'diversity-management: evaluation survey').toEqual([])
  })
})
