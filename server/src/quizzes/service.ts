// What quizzes offer the routes: attempts.ts (start, resume, save, review) and submit.ts (grading);
// and identity its part of a person's data.
import type { PersonalDataHolder } from '../identity/service.ts'
import { eraseWrittenAnswers, listAttemptsOfPerson } from './queries.ts'

export {
  type AttemptView,
  getAttempt,
  listAttempts,
  saveAnswers,
  startAttempt,
} from './attempts.ts'
export { submitAttempt } from './submit.ts'

/**
 * A person's quiz attempts in their data export (answers, score, result, dates); erasure removes
 * the text they wrote in answers and keeps the attempts, scores and graded results (records).
 */
export const quizPersonalData: PersonalDataHolder = {
  part: 'quizAttempts',
  collect: listAttemptsOfPerson,
  erase: eraseWrittenAnswers,
}
