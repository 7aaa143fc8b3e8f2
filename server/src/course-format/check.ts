import { parseGift } from './gift/index.ts'
import { questionTags } from './quiz-tags.ts'
import { type CourseManifest, generatedLanguages, parseManifest } from './manifest.ts'
import { renderModule } from './markdown/index.ts'

/** A problem in one file of a course folder; `file` is relative to the folder. */
export interface CourseProblem {
  file: string
  line: number
  column: number
  message: string
}

export interface CheckedCourse {
  manifest: CourseManifest | null
  problems: CourseProblem[]
}

/**
 * Checks a whole course folder given as { 'course.yaml': text, 'en/01-introduction.md': text, … }
 * and reports every problem at once, each with its file and line.
 */
export function checkCourse(folder: string, files: Record<string, string>): CheckedCourse {
  const problems: CourseProblem[] = []
  const yaml = files['course.yaml']
  if (yaml === undefined)
    return {
      manifest: null,
      problems: [{ file: 'course.yaml', line: 1, column: 1, message: 'course.yaml is missing' }],
    }
  const { manifest, problems: manifestProblems } = parseManifest(yaml)
  problems.push(...manifestProblems.map((problem) => ({ file: 'course.yaml', ...problem })))
  if (!manifest) return { manifest, problems }
  if (manifest.slug !== folder) {
    problems.push({
      file: 'course.yaml',
      line: 1,
      column: 1,
      message: `slug '${manifest.slug}' differs from the folder name '${folder}'`,
    })
  }

  const used = new Set(['course.yaml'])
  const questionCounts = new Map<string, Map<string, number>>()
  for (const language of manifest.languages.filter((tag) => !generatedLanguages[tag])) {
    for (const step of manifest.steps) {
      if (step.kind === 'webinar') continue
      const file = `${language}/${step.slug}.md`
      const source = files[file]
      if (source === undefined) {
        problems.push({
          file: 'course.yaml',
          line: step.line,
          column: 1,
          message: `${step.kind} '${step.slug}' has no ${language} text: ${file} is missing`,
        })
        continue
      }
      used.add(file)
      const rendered = renderModule(source)
      const before = problems.length
      problems.push(...rendered.problems.map((problem) => ({ file, ...problem })))
      let count = 0
      for (const quiz of rendered.quizzes) {
        const gift = parseGift(quiz.source, { lineOffset: quiz.line - 1 })
        problems.push(...gift.problems.map((problem) => ({ file, ...problem })))
        // Tags in a title ([situation], [fact id]) are counted by the content tests: a misspelt
        // one would silently drop a question from the count.
        for (const question of gift.questions)
          for (const message of questionTags(question.title).problems)
            problems.push({ file, line: question.line, column: 1, message })
        count += gift.questions.length
      }
      if (step.kind === 'module' && count === 0)
        problems.push({
          file,
          line: 1,
          column: 1,
          message: 'the module has no quiz: add a ```gift block',
        })
      // A question with a problem is left out, so counts are compared only between sound files.
      if (problems.length > before) continue
      const counts = questionCounts.get(step.slug) ?? new Map<string, number>()
      counts.set(language, count)
      questionCounts.set(step.slug, counts)
    }
  }
  // Translations must keep quizzes equivalent: at least the same number of questions.
  for (const [slug, counts] of questionCounts) {
    const [first, ...rest] = [...counts.entries()]
    for (const [language, count] of rest) {
      if (first && count !== first[1]) {
        problems.push({
          file: `${language}/${slug}.md`,
          line: 1,
          column: 1,
          message: `the quiz has ${count} question${count === 1 ? '' : 's'} but the ${first[0]} text has ${first[1]}`,
        })
      }
    }
  }
  for (const file of Object.keys(files).sort()) {
    if (!used.has(file) && !file.startsWith('assets/'))
      problems.push({
        file,
        line: 1,
        column: 1,
        message: 'this file is not used by any step of course.yaml',
      })
  }
  return { manifest, problems }
}
