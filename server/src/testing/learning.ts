import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { readCourseFiles } from '../courses/files.ts'
import { importCourse } from '../courses/import.ts'
import { bearer, createUser, type TestUser, tokenFor } from './factories.ts'

/** A two-module course with a webinar and a survey, in en, sr-Latn and generated sr-Cyrl. */
export const civicBasics = fileURLToPath(
  new URL('../../../test/fixtures/learning/civic-basics', import.meta.url),
)

export async function importCivicBasics(app: FastifyInstance): Promise<void> {
  const result = await importCourse(app.db, 'civic-basics', readCourseFiles(civicBasics))
  if (result.status === 'invalid')
    throw new Error(`fixture course is invalid: ${JSON.stringify(result.problems)}`)
}

/**
 * Answers to civic-basics/01-rights in English, keyed by question id (the author's order). Choice
 * ids follow the texts' alphabetical order: Accountability 0, Charity 1, Participation 2.
 */
export const rightAnswers01 = {
  '0': { number: 1948 },
  '1': { value: true },
  '2': { choices: ['0', '2'] },
  '3': { pairs: { '0': '0', '1': '1', '2': '2' } },
}
export const wrongAnswers01 = {
  '0': { number: 1950 },
  '1': { value: false },
  '2': { choices: ['1'] },
  '3': { pairs: { '0': '2', '1': '0', '2': '1' } },
}
/** civic-basics/02-services in English: Legal citations 0, Plain language 1. */
export const rightAnswers02 = {
  '0': { choice: '1' },
  '1': { text: 'Disaggregated' },
  '2': { text: 'Because everyone lives here.' },
}

export interface Learner {
  user: TestUser
  headers: { authorization: string }
  enrolmentId: string
}

/** A learner enrolled in civic-basics, optionally already past "mark as read" of module 1. */
export async function enrolledLearner(
  app: FastifyInstance,
  options: { read?: boolean; language?: string; association?: string } = {},
): Promise<Learner> {
  const user = await createUser(
    app,
    options.association ? { association: options.association } : {},
  )
  const headers = bearer(tokenFor(app, user))
  const enrolment = await app.inject({
    method: 'POST',
    url: '/api/v1/enrolments',
    headers,
    payload: { courseSlug: 'civic-basics', language: options.language ?? 'en' },
  })
  if (enrolment.statusCode !== 201)
    throw new Error(`enrol: ${enrolment.statusCode} ${enrolment.body}`)
  const enrolmentId = enrolment.json().id as string
  if (options.read) {
    const read = await app.inject({
      method: 'POST',
      url: `/api/v1/enrolments/${enrolmentId}/events`,
      headers,
      payload: { type: 'module.read', step: '01-rights', expectedVersion: 0 },
    })
    if (read.statusCode !== 200) throw new Error(`module.read: ${read.statusCode} ${read.body}`)
  }
  return { user, headers, enrolmentId }
}

export async function startQuiz(app: FastifyInstance, learner: Learner, step = '01-rights') {
  return app.inject({
    method: 'POST',
    url: `/api/v1/enrolments/${learner.enrolmentId}/attempts`,
    headers: learner.headers,
    payload: { step },
  })
}
