/** A course step as the engine sees it: the manifest's steps without file positions. */
export type ProgressionStep =
  | { kind: 'module'; slug: string }
  | { kind: 'webinar'; slug: string; alternative: 'good-practice' | null }
  | { kind: 'survey'; slug: string }

export interface ProgressionRules {
  /** Share of the quiz's points needed to pass, above 0 and at most 1. */
  passMark: number
  /** Graded attempts per module before it locks; a trainer's grant adds one. */
  maxAttempts: number
}

export interface ProgressionContext {
  /** Graded quiz attempts per module. */
  attempts: Record<string, number>
  /** Extra attempts granted by trainers, per module. */
  granted: Record<string, number>
  /** Best quiz score per module, 0..1. */
  scores: Record<string, number>
  /** How each finished step ended: passed, attended, excused or submitted. */
  outcomes: Record<string, StepPhase>
}

export type ProgressionEvent =
  | { type: 'module.read'; step: string }
  | { type: 'quiz.submitted'; step: string; score: number }
  | { type: 'quiz.retried'; step: string }
  | { type: 'attempt.granted'; step: string }
  | { type: 'webinar.registered'; step: string }
  | { type: 'webinar.attended'; step: string }
  | { type: 'webinar.excused'; step: string }
  | { type: 'survey.submitted'; step: string }
  | { type: 'certificate.issued' }

export type ProgressionEventType = ProgressionEvent['type']

/** What a step can be in; module, webinar and survey phases share one union for the web's labels. */
export type StepPhase =
  | 'reading'
  | 'quiz'
  | 'failed'
  | 'locked'
  | 'passed'
  | 'open'
  | 'registered'
  | 'attended'
  | 'excused'
  | 'submitted'

/** The part of a snapshot that is stored: enough to resolve the machine's state again. */
export interface PersistedProgress {
  value: string | Record<string, StepPhase>
  context: ProgressionContext
}
