import type { PersistedProgress, StepPhase } from '@agora/server/progression'
import type { LearnerQuestion } from '@agora/server/quiz-view'

export interface StepView {
  slug: string
  kind: 'module' | 'webinar' | 'survey'
  title: string
  minutes: number | null
  status: 'done' | 'current' | 'locked'
  phase: StepPhase | null
  attempts: number
  attemptsAllowed: number
  score: number | null
  alternative: 'good-practice' | null
}

/** GET /api/v1/enrolments/:id */
export interface Enrolment {
  id: string
  userId: string
  course: { slug: string; title: string; version: number; languages: string[] }
  language: string
  status: 'active' | 'withdrawn' | 'completed'
  version: number
  state: PersistedProgress
  progress: {
    steps: StepView[]
    current: string | null
    completed: boolean
    certified: boolean
    ratio: number
  }
  quiz: { passMark: number; maxAttempts: number }
  readingPositions: Record<string, string>
  withdrawnReason: string | null
  createdAt: string
  completedAt: string | null
}

// The server's own type: the learner view of a question is the same on both sides of the API.
export type { LearnerQuestion } from '@agora/server/quiz-view'

/** GET /api/v1/enrolments/:id/steps/:step */
export interface StepDocument {
  course: { slug: string; title: string; version: number }
  step: string
  kind: 'module' | 'survey'
  language: string
  title: string
  minutes: number
  objectives: string[]
  html: string
  toc: { level: number; id: string; text: string }[]
  questions: LearnerQuestion[]
}

export type Answer =
  | { choice: string }
  | { choices: string[] }
  | { value: boolean }
  | { text: string }
  | { number: number }
  | { pairs: Record<string, string> }

export interface QuestionResult {
  id: string
  outcome: 'right' | 'partial' | 'wrong' | 'unanswered' | 'ungraded'
  points: number | null
  feedback: string[]
  rightAnswer?: string
}

/** GET /api/v1/attempts/:id */
export interface Attempt {
  id: string
  enrolmentId: string
  step: string
  number: number
  language: string
  status: 'open' | 'graded'
  questions: LearnerQuestion[]
  answers: Record<string, Answer>
  score: number | null
  passed: boolean | null
  passMark: number
  attemptsAllowed: number
  attemptsUsed: number
  results: QuestionResult[] | null
  startedAt: string
  savedAt: string | null
  submittedAt: string | null
}

export interface AttemptSummary {
  id: string
  step: string
  number: number
  status: 'open' | 'graded'
  score: number | null
  passed: boolean | null
  submittedAt: string | null
}
