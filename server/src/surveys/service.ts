// What surveys offer other features: an evaluation's answers checked and stored apart from who
// gave them. The reports live in reports.ts (read by this feature's routes only), so that
// enrolments, which calls this file, does not reach clusters through it.
import { loadStepDocument } from '../courses/service.ts'
import type { Db } from '../db/create-db.ts'
import { Problem } from '../http/problem.ts'
import { checkAnswers } from './questions.ts'
import { insertSurveyResponse, type NewSurveyResponse } from './queries.ts'

export { evaluationMinimumResponses } from './constants.ts'

/** A response ready to store: which report it counts in, and the answers; nobody's name or id. */
export type SurveyResponse = NewSurveyResponse

/**
 * Checks the answers to a survey step of the enrolment's pinned version (every index a question
 * of the survey that takes an answer, ratings within their scale, choices among the options) and
 * returns the response to store: course, version, step, the enrolment's cluster and language, the
 * answers and the day (UTC) only. A 400 names each refused answer by its pointer.
 */
export async function prepareSurveyResponse(
  db: Db,
  enrolment: {
    courseId: string
    courseVersionId: string
    clusterId: string | null
    language: string
  },
  step: string,
  answers: Readonly<Record<string, number | string>>,
  at: Date,
): Promise<SurveyResponse> {
  const document = await loadStepDocument(db, enrolment.courseVersionId, enrolment.language, step)
  if (document?.kind !== 'survey')
    throw new Error(`survey ${step} of version ${enrolment.courseVersionId} is missing`)
  const { stored, errors } = checkAnswers(document.questions, answers)
  if (errors.length) throw Problem.validation(errors, 'Some answers do not fit the survey.')
  return {
    courseId: enrolment.courseId,
    courseVersionId: enrolment.courseVersionId,
    step,
    clusterId: enrolment.clusterId,
    language: enrolment.language,
    answers: JSON.stringify(stored),
    submittedOn: at.toISOString().slice(0, 10),
  }
}

/** Stores a prepared response, in the caller's transaction (the one that logs the submission). */
export function storeSurveyResponse(db: Db, response: SurveyResponse): Promise<void> {
  return insertSurveyResponse(db, response)
}
