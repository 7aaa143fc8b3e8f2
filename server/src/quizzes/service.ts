// What quizzes offer the routes: attempts.ts (start, resume, save, review) and submit.ts (grading).
export {
  type AttemptView,
  getAttempt,
  listAttempts,
  saveAnswers,
  startAttempt,
} from './attempts.ts'
export { submitAttempt } from './submit.ts'
