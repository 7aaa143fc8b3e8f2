/** Shapes of the enrolment API as the trainer's pages use them (see the API's OpenAPI document). */
export type EnrolmentStatus = 'active' | 'withdrawn' | 'completed'

export interface Learner {
  id: string
  name: string
  email: string
}

/** A row of GET /courses/:slug/enrolments. */
export interface CourseEnrolment {
  id: string
  learner: Learner
  language: string
  status: EnrolmentStatus
  version: number
  current: string | null
  phase: string | null
  ratio: number
  createdAt: string
  updatedAt: string
}

export interface StepProgress {
  slug: string
  kind: 'module' | 'webinar' | 'survey'
  title: string
  minutes: number | null
  status: 'done' | 'current' | 'locked'
  phase: string | null
  attempts: number
  attemptsAllowed: number
  score: number | null
  alternative: 'good-practice' | null
}

/** GET /enrolments/:id. */
export interface EnrolmentDetail {
  id: string
  userId: string
  learner: Learner
  course: { slug: string; title: string; version: number; languages: string[] }
  language: string
  status: EnrolmentStatus
  version: number
  progress: {
    steps: StepProgress[]
    current: string | null
    completed: boolean
    certified: boolean
    ratio: number
  }
  quiz: { passMark: number; maxAttempts: number }
  withdrawnReason: string | null
  createdAt: string
  completedAt: string | null
}

/** An entry of GET /enrolments/:id/events. */
export interface EnrolmentEvent {
  sequence: number
  type: string
  step: string | null
  payload: Record<string, unknown>
  actor: { id: string; name: string } | null
  at: string
}

export interface QuestionReview {
  id: string
  kind: string
  text: string
  answer: string | null
  result: {
    id: string
    outcome: string
    points: number | null
    feedback: string[]
    rightAnswer?: string
  } | null
}

/** An entry of GET /enrolments/:id/attempts; trainers of the course also get the questions. */
export interface AttemptReview {
  id: string
  step: string
  number: number
  language: string
  status: 'open' | 'graded'
  score: number | null
  passed: boolean | null
  startedAt: string
  submittedAt: string | null
  questions?: QuestionReview[]
}
