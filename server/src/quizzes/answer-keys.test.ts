import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { describe, expect } from 'vitest'
import { checkCourse } from '../course-format/check.ts'
import type { Question } from '../course-format/gift/index.ts'
import { readCourseFiles } from '../courses/files.ts'
import { importCourse } from '../courses/import.ts'
import { type CourseVersion, loadCourseVersion, loadStepDocument } from '../courses/service.ts'
import { gradeQuestion } from './grading.ts'
import { it } from '../testing/app.ts'
import { passWebinarGate } from '../testing/attendance.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'
import { civicBasics } from '../testing/learning.ts'

/**
 * No API response to a learner ever contains an answer key before submission.
 *
 * Every secret of every quiz (feedback, general feedback, titles, accepted short answers, numbers,
 * matching pairs, the key in words) is collected from the parsed GIFT of every module in every
 * language, and then a learner walks each course through every learner-facing route. Each response
 * is scanned for the secrets, for keys that mark a right answer, and for choice ids that would give
 * away the author's order (by GIFT habit the right choice comes first).
 */

const realCourseFolder = fileURLToPath(
  new URL('../../../courses/diversity-management', import.meta.url),
)
const realCourseCheck = checkCourse('diversity-management', readCourseFiles(realCourseFolder))
const realCourseValid = realCourseCheck.manifest !== null && realCourseCheck.problems.length === 0
const realCourseProblems = realCourseCheck.problems
  .map((problem) => `${problem.file}:${problem.line}: ${problem.message}`)
  .join('; ')

const courses = [
  { slug: 'civic-basics', folder: civicBasics, valid: true, problems: '' },
  // Falls back to civic-basics only while the real course does not pass `npm run courses:check`.
  {
    slug: 'diversity-management',
    folder: realCourseFolder,
    valid: realCourseValid,
    problems: realCourseProblems,
  },
]

/** Keys that would mark, weigh or explain a choice; none may reach a learner before submission. */
const markingKeys = new Set([
  'correct',
  'weight',
  'feedback',
  'feedbackWrong',
  'feedbackRight',
  'generalFeedback',
  'answer',
  'answers',
  'pairs',
  'rightAnswer',
  'tolerance',
])
const collator = new Intl.Collator('en')
const byText = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

interface Secret {
  kind: string
  text: string
  /** Where it comes from, for the failure message. */
  source: string
}

interface Secrets {
  /** Strings that must not appear in any response before submission. */
  hidden: Secret[]
  /** Strings that are secrets but also appear in what the learner may read (so absence proves nothing). */
  unverifiable: Secret[]
  /** Texts of right choices (and not of any wrong choice): shown, but never marked. */
  rightTexts: Set<string>
}

function isNumeric(text: string): boolean {
  return /^-?[0-9.]+$/.test(text)
}

/** Every text the learner may legitimately see, in every language: reading material, stems, choices. */
function publicTexts(
  version: CourseVersion,
  documents: {
    questions: Question[]
    html: string
    title: string
    objectives: string[]
    toc: { text: string }[]
  }[],
): string[] {
  const texts = [
    ...Object.values(version.titles),
    version.slug,
    ...version.steps.map((step) => step.slug),
  ]
  for (const document of documents) {
    texts.push(
      document.html,
      document.title,
      ...document.objectives,
      ...document.toc.map((entry) => entry.text),
    )
    for (const question of document.questions) {
      texts.push(question.text)
      if (question.kind === 'multiple-choice' || question.kind === 'multiple-answer')
        texts.push(...question.choices.map((choice) => choice.text))
      if (question.kind === 'matching')
        texts.push(...question.pairs.flatMap((pair) => [pair.left, pair.right]))
    }
  }
  return texts
}

function secretsOf(question: Question, source: string): Secret[] {
  const secrets: Secret[] = []
  const add = (kind: string, text: string | undefined) => {
    if (text !== undefined && text.trim() !== '') secrets.push({ kind, text: text.trim(), source })
  }
  add('title', question.title)
  add('general feedback', question.generalFeedback)
  // "true"/"false" are words of the API itself (kind: "true-false"); the key scan covers that key.
  if (question.kind !== 'true-false')
    add('key in words', gradeQuestion(question, undefined, '0').rightAnswer)
  switch (question.kind) {
    case 'multiple-choice':
      for (const choice of question.choices) add('choice feedback', choice.feedback)
      break
    case 'multiple-answer':
      for (const choice of question.choices) add('choice feedback', choice.feedback)
      break
    case 'true-false':
      add('true/false feedback', question.feedbackRight)
      add('true/false feedback', question.feedbackWrong)
      break
    case 'short-answer':
      for (const answer of question.answers) {
        add('accepted answer', answer.text)
        add('answer feedback', answer.feedback)
      }
      break
    case 'numerical':
      add('numerical feedback', question.feedbackWrong)
      for (const answer of question.answers) {
        add('answer feedback', answer.feedback)
        if (answer.kind === 'exact') add('numerical value', String(answer.value))
        else add('numerical range', `${answer.min}..${answer.max}`)
      }
      break
    case 'matching':
      for (const pair of question.pairs.filter((candidate) => candidate.left !== '')) {
        add('matching pair', `${pair.left} -> ${pair.right}`)
        add('matching pair', `${pair.left} → ${pair.right}`)
      }
      break
  }
  return secrets
}

/** The secrets of every module of the course's published version, in every language. */
async function collectSecrets(
  app: FastifyInstance,
  slug: string,
): Promise<{ version: CourseVersion; secrets: Secrets; keys: Map<string, Question[]> }> {
  const course = await app.db
    .selectFrom('courses')
    .select('currentVersionId')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  const version = (await loadCourseVersion(app.db, course.currentVersionId!))!
  const keys = new Map<string, Question[]>()
  const documents = []
  const candidates: Secret[] = []
  const right = new Set<string>()
  const wrong = new Set<string>()
  for (const step of version.steps) {
    if (step.kind === 'webinar') continue
    for (const language of version.languages) {
      const document = (await loadStepDocument(app.db, version.id, language, step.slug))!
      documents.push(document)
      keys.set(`${step.slug}\n${language}`, document.questions)
      if (step.kind !== 'module') continue
      document.questions.forEach((question, index) => {
        candidates.push(
          ...secretsOf(question, `${slug}/${language}/${step.slug} question ${index}`),
        )
        if (question.kind === 'multiple-choice')
          for (const choice of question.choices) (choice.correct ? right : wrong).add(choice.text)
        if (question.kind === 'multiple-answer')
          for (const choice of question.choices)
            (choice.weight > 0 ? right : wrong).add(choice.text)
      })
    }
  }
  const visible = publicTexts(version, documents)
  const secrets: Secrets = {
    hidden: [],
    unverifiable: [],
    rightTexts: new Set([...right].filter((text) => !wrong.has(text))),
  }
  const seen = new Set<string>()
  for (const secret of candidates) {
    if (seen.has(secret.text)) continue
    seen.add(secret.text)
    // Short numbers turn up in ids, dates and counts; a number needs four characters to mean something.
    const meaningful = isNumeric(secret.text)
      ? secret.text.replace(/^-/, '').length >= 4
      : secret.text.length >= 3
    const shown = visible.some((text) => text.includes(secret.text))
    ;(meaningful && !shown ? secrets.hidden : secrets.unverifiable).push(secret)
  }
  return { version, secrets, keys }
}

function containsSecret(value: string, secret: Secret): boolean {
  if (!isNumeric(secret.text)) return value.includes(secret.text)
  const escaped = secret.text.replace(/[.]/g, '\\.')
  return new RegExp(`(?<![0-9.])${escaped}(?![0-9])`).test(value)
}

interface ScanOptions {
  /** The attempt view's own `answers`: what the learner saved, echoed back. */
  ownAnswersAt?: string
}

/** Everything wrong with one response to a learner before submission, as readable lines. */
function leaksIn(route: string, body: Json, secrets: Secrets, options: ScanOptions = {}): string[] {
  const leaks: string[] = []
  const walk = (value: Json, path: string, parent: { [key: string]: Json } | null) => {
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value)
      for (const secret of secrets.hidden) {
        if (containsSecret(text, secret))
          leaks.push(
            `${route} leaks the ${secret.kind} ${JSON.stringify(secret.text)} (${secret.source}) at ${path}`,
          )
      }
      if (typeof value === 'string' && secrets.rightTexts.has(value)) {
        const siblings = parent
          ? Object.keys(parent).filter((key) => !['id', 'text', 'level'].includes(key))
          : []
        if (!path.endsWith('.text') || siblings.length > 0)
          leaks.push(
            `${route} marks the right choice ${JSON.stringify(value)} at ${path} (next to ${siblings.join(', ') || 'nothing'})`,
          )
      }
      return
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${path}[${index}]`, null))
      return
    }
    if (value === null || typeof value !== 'object') return
    leaks.push(...idLeaks(route, value, path))
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${path}.${key}`
      if (childPath === options.ownAnswersAt) continue
      if (markingKeys.has(key))
        leaks.push(
          `${route} has a ${JSON.stringify(key)} field at ${childPath}: ${JSON.stringify(child).slice(0, 200)}`,
        )
      walk(child, childPath, value)
    }
  }
  walk(body, '$', null)
  return leaks
}

/**
 * Choice ids must carry nothing the texts do not: they follow the alphabetical order of the texts,
 * as the right column of a matching question does. Author indexes would give the key away, since
 * GIFT authors write the right choice first.
 */
function idLeaks(route: string, object: { [key: string]: Json }, path: string): string[] {
  const leaks: string[] = []
  const check = (field: 'choices' | 'right') => {
    const options = object[field]
    if (!Array.isArray(options)) return
    const items = options as { id: string; text: string }[]
    const ids = items.map((item) => Number(item.id)).sort((a, b) => a - b)
    if (!ids.every((id, index) => id === index))
      leaks.push(
        `${route}: ${path}.${field} ids are not 0..${items.length - 1}: ${items.map((item) => item.id).join(',')}`,
      )
    const inIdOrder = [...items]
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((item) => item.text)
    const sorted = [...inIdOrder].sort(byText)
    if (inIdOrder.join('\n') !== sorted.join('\n')) {
      leaks.push(
        `${route}: ${path}.${field} ids follow the author's order, not the texts: ${items.map((item) => `${item.id}=${JSON.stringify(item.text)}`).join(', ')}`,
      )
    }
  }
  if (object.kind === 'multiple-choice' || object.kind === 'multiple-answer') check('choices')
  if (object.kind === 'matching') check('right')
  return leaks
}

type Answers = Record<string, object>
interface ViewQuestion {
  id: string
  kind: string
  choices?: { id: string; text: string }[]
  left?: { id: string; text: string }[]
  right?: { id: string; text: string }[]
}

const idOf = (options: { id: string; text: string }[] | undefined, text: string) =>
  options!.find((option) => option.text === text)!.id

/** The right answers for an attempt, from the key, in the ids the attempt shows. */
function rightAnswersFor(questions: Question[], view: ViewQuestion[]): Answers {
  const answers: Answers = {}
  for (const shown of view) {
    const question = questions[Number(shown.id)]!
    switch (question.kind) {
      case 'multiple-choice':
        answers[shown.id] = {
          choice: idOf(shown.choices, question.choices.find((choice) => choice.correct)!.text),
        }
        break
      case 'multiple-answer':
        answers[shown.id] = {
          choices: question.choices
            .filter((choice) => choice.weight > 0)
            .map((choice) => idOf(shown.choices, choice.text)),
        }
        break
      case 'true-false':
        answers[shown.id] = { value: question.answer }
        break
      case 'short-answer':
        answers[shown.id] = {
          text: question.answers.find((answer) => answer.weight >= 100)!.text.replaceAll('*', ''),
        }
        break
      case 'numerical': {
        const best = question.answers.find((answer) => answer.weight >= 100)!
        answers[shown.id] = {
          number: best.kind === 'exact' ? best.value : (best.min + best.max) / 2,
        }
        break
      }
      case 'matching':
        answers[shown.id] = {
          pairs: Object.fromEntries(
            shown.left!.map((left) => [
              left.id,
              idOf(shown.right, question.pairs[Number(left.id)]!.right),
            ]),
          ),
        }
        break
      case 'essay':
        answers[shown.id] = { text: 'An honest reflection.' }
        break
      case 'description':
        break
    }
  }
  return answers
}

/** Wrong answers to every graded question, none of them a secret. */
function wrongAnswersFor(questions: Question[], view: ViewQuestion[]): Answers {
  const answers: Answers = {}
  for (const shown of view) {
    const question = questions[Number(shown.id)]!
    switch (question.kind) {
      case 'multiple-choice': {
        const worst = [...question.choices].sort(
          (a, b) => (a.correct ? 100 : (a.weight ?? 0)) - (b.correct ? 100 : (b.weight ?? 0)),
        )[0]!
        answers[shown.id] = { choice: idOf(shown.choices, worst.text) }
        break
      }
      case 'multiple-answer':
        answers[shown.id] = {
          choices: question.choices
            .filter((choice) => choice.weight < 0)
            .map((choice) => idOf(shown.choices, choice.text))
            .slice(0, 1),
        }
        break
      case 'true-false':
        answers[shown.id] = { value: !question.answer }
        break
      case 'short-answer':
        answers[shown.id] = { text: 'qqq' }
        break
      case 'numerical':
        answers[shown.id] = { number: -987654321 }
        break
      case 'matching': {
        const right = shown.right!
        answers[shown.id] = {
          pairs: Object.fromEntries(
            shown.left!.map((left) => {
              const pair = question.pairs[Number(left.id)]!
              return [left.id, (right.find((option) => option.text !== pair.right) ?? right[0]!).id]
            }),
          ),
        }
        break
      }
      default:
        break
    }
  }
  return answers
}

function hasKeyAnywhere(body: Json, key: string): boolean {
  if (Array.isArray(body)) return body.some((item) => hasKeyAnywhere(item, key))
  if (body === null || typeof body !== 'object') return false
  return Object.entries(body).some(([name, child]) => name === key || hasKeyAnywhere(child, key))
}

describe('no API response to a learner ever contains an answer key before submission', () => {
  it.beforeAll(async ({ app }) => {
    for (const course of courses.filter((candidate) => candidate.valid)) {
      const result = await importCourse(app.db, course.slug, readCourseFiles(course.folder))
      expect(result.status, `${course.slug}: ${JSON.stringify(result)}`).toBe('created')
    }
  })

  for (const course of courses) {
    const name = course.valid
      ? `walks ${course.slug} in every language`
      : `walks ${course.slug} in every language (skipped: the course is not valid yet: ${course.problems})`
    it.skipIf(!course.valid)(name, async ({ app }) => {
      const { version, secrets, keys } = await collectSecrets(app, course.slug)
      // The collection has to find something to look for, or the test proves nothing.
      expect(
        secrets.hidden.filter((secret) => secret.kind.includes('feedback')).length,
      ).toBeGreaterThan(0)
      expect(secrets.hidden.filter((secret) => secret.kind === 'title').length).toBeGreaterThan(0)
      expect(secrets.rightTexts.size).toBeGreaterThan(0)
      const admin = bearer(tokenFor(app, await createUser(app, { roles: ['admin'] })))

      for (const language of version.languages) {
        const learner = await createUser(app, { association: 'skgo' })
        const headers = bearer(tokenFor(app, learner))
        const leaks: string[] = []
        const call = async (
          method: 'GET' | 'POST' | 'PUT',
          url: string,
          payload?: object,
          scan: ScanOptions = {},
        ) => {
          const response = await app.inject({
            method,
            url,
            headers,
            ...(payload ? { payload } : {}),
          })
          expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(500)
          if (response.body !== '')
            leaks.push(
              ...leaksIn(`${method} ${url} [${language}]`, response.json() as Json, secrets, scan),
            )
          return response
        }
        const attemptScan = { ownAnswersAt: '$.answers' }

        await call('GET', `/api/v1/courses?lang=${language}`)
        await call('GET', `/api/v1/courses/${course.slug}`)
        for (const step of version.steps.filter((candidate) => candidate.kind === 'module')) {
          await call('GET', `/api/v1/courses/${course.slug}/modules/${step.slug}?lang=${language}`)
        }
        const enrolled = await call('POST', '/api/v1/enrolments', {
          courseSlug: course.slug,
          language,
        })
        expect(enrolled.statusCode).toBe(201)
        const enrolmentId = enrolled.json().id as string
        const base = `/api/v1/enrolments/${enrolmentId}`
        await call('GET', '/api/v1/enrolments')
        const versionNow = async () => (await call('GET', base)).json().version as number

        for (const step of version.steps) {
          if (step.kind === 'webinar') {
            // The gate opens through a session of the step and the attendance list.
            await passWebinarGate(
              app,
              { user: learner },
              { staff: admin, courseSlug: course.slug, step: step.slug, language },
            )
            continue
          }
          for (const lang of version.languages) {
            const document = await call('GET', `${base}/steps/${step.slug}?lang=${lang}`)
            expect(document.statusCode, document.body).toBe(200)
          }
          await call('GET', `${base}/steps/${step.slug}`)
          if (step.kind === 'survey') {
            const submitted = await call('POST', `${base}/events`, {
              type: 'survey.submitted',
              step: step.slug,
              expectedVersion: await versionNow(),
              answers: { '0': 'Fine.' },
            })
            expect(submitted.statusCode, submitted.body).toBe(200)
            continue
          }

          await call('PUT', `${base}/reading-positions/${step.slug}`, { anchor: 'top' })
          const read = await call('POST', `${base}/events`, {
            type: 'module.read',
            step: step.slug,
            expectedVersion: await versionNow(),
          })
          expect(read.statusCode, read.body).toBe(200)
          const questions = keys.get(`${step.slug}\n${language}`)!

          // First attempt: everything a learner can ask before submitting, then a failing submission.
          const first = await call('POST', `${base}/attempts`, { step: step.slug }, attemptScan)
          expect(first.statusCode, first.body).toBe(201)
          const firstId = first.json().id as string
          const view = first.json().questions as ViewQuestion[]
          await call('POST', `${base}/attempts`, { step: step.slug }, attemptScan)
          await call('GET', `/api/v1/attempts/${firstId}`, undefined, attemptScan)
          const wrong = wrongAnswersFor(questions, view)
          const saved = await call(
            'PUT',
            `/api/v1/attempts/${firstId}/answers`,
            { answers: wrong },
            attemptScan,
          )
          expect(saved.statusCode, saved.body).toBe(200)
          await call('GET', `/api/v1/attempts/${firstId}`, undefined, attemptScan)
          await call('GET', `${base}/attempts`)
          await call('GET', `${base}/events`)
          await call('GET', base)
          await call('GET', '/api/v1/enrolments')
          expect(leaks, leaks.join('\n')).toEqual([])

          const failed = await app.inject({
            method: 'POST',
            url: `/api/v1/attempts/${firstId}/submit`,
            headers,
          })
          expect(failed.statusCode, failed.body).toBe(200)
          const graded = failed.json()
          if (!graded.passed) {
            // Attempts are left (maxAttempts ≥ 2): the key stays hidden, on submit and on reload.
            expect(graded.attemptsUsed).toBeLessThan(graded.attemptsAllowed)
            expect(
              hasKeyAnywhere(graded, 'rightAnswer'),
              `${step.slug} [${language}] failed submit: ${failed.body}`,
            ).toBe(false)
            const reloaded = await app.inject({
              method: 'GET',
              url: `/api/v1/attempts/${firstId}`,
              headers,
            })
            expect(hasKeyAnywhere(reloaded.json(), 'rightAnswer'), reloaded.body).toBe(false)
            const listed = await app.inject({ method: 'GET', url: `${base}/attempts`, headers })
            expect(hasKeyAnywhere(listed.json(), 'rightAnswer'), listed.body).toBe(false)

            // The retry: the new attempt, before it is submitted, is as closed as the first.
            const second = await call('POST', `${base}/attempts`, { step: step.slug }, attemptScan)
            expect(second.statusCode, second.body).toBe(201)
            const secondId = second.json().id as string
            await call('GET', `/api/v1/attempts/${secondId}`, undefined, attemptScan)
            await call(
              'PUT',
              `/api/v1/attempts/${secondId}/answers`,
              { answers: wrongAnswersFor(questions, second.json().questions) },
              attemptScan,
            )
            await call('GET', `${base}/events`)
            await call('GET', base)
            expect(leaks, leaks.join('\n')).toEqual([])
            const passed = await app.inject({
              method: 'POST',
              url: `/api/v1/attempts/${secondId}/submit`,
              headers,
              payload: { answers: rightAnswersFor(questions, second.json().questions) },
            })
            expect(passed.statusCode, passed.body).toBe(200)
            expect(passed.json(), `${step.slug} [${language}]`).toMatchObject({
              passed: true,
              score: 1,
            })
            // Passed: now the key is shown for every graded question.
            const results = passed.json().results as { id: string; rightAnswer?: string }[]
            for (const result of results) {
              const question = questions[Number(result.id)]!
              const gradable = question.kind !== 'essay' && question.kind !== 'description'
              expect(
                result.rightAnswer !== undefined,
                `${step.slug} question ${result.id} (${question.kind})`,
              ).toBe(gradable)
            }
          }
        }
        const done = (await app.inject({ method: 'GET', url: base, headers })).json()
        expect(done.progress.completed, JSON.stringify(done.progress)).toBe(true)
      }
    })
  }

  it('catches a leak: the scanner reports the route and the string', () => {
    const secrets: Secrets = {
      hidden: [
        { kind: 'choice feedback', text: 'Yes: people take part', source: 'x/en/01 question 2' },
        { kind: 'numerical value', text: '1948', source: 'x/en/01 question 0' },
      ],
      unverifiable: [],
      rightTexts: new Set(['Participation']),
    }
    const body: Json = {
      id: 'a0c41948-0000-4000-8000-000000000000',
      questions: [
        {
          id: '0',
          kind: 'multiple-answer',
          text: 'Which?',
          format: 'moodle',
          choices: [
            { id: '0', text: 'Participation', correct: true },
            { id: '1', text: 'Accountability' },
          ],
        },
        { id: '1', kind: 'numerical', text: 'Year?', format: 'moodle', hint: 'It was 1948.' },
      ],
      note: 'Yes: people take part in decisions.',
      answers: { '0': { choices: ['1'] } },
    }
    expect(leaksIn('GET /api/v1/attempts/x', body, secrets, { ownAnswersAt: '$.answers' })).toEqual(
      [
        'GET /api/v1/attempts/x: $.questions[0].choices ids follow the author\'s order, not the texts: 0="Participation", 1="Accountability"',
        'GET /api/v1/attempts/x marks the right choice "Participation" at $.questions[0].choices[0].text (next to correct)',
        'GET /api/v1/attempts/x has a "correct" field at $.questions[0].choices[0].correct: true',
        'GET /api/v1/attempts/x leaks the numerical value "1948" (x/en/01 question 0) at $.questions[1].hint',
        'GET /api/v1/attempts/x leaks the choice feedback "Yes: people take part" (x/en/01 question 2) at $.note',
      ],
    )
  })
})
