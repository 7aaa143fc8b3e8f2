export { formatGift } from './format.ts'
export {
  choiceOrder,
  learnerView,
  type LearnerOption,
  type LearnerQuestion,
} from './learner-view.ts'
export { parseGift } from './parse.ts'
export { surveyQuestions, type SurveyQuestion } from './survey-view.ts'
export * from './types.ts'
