import { randomInt } from 'node:crypto'
import { latinToCyrillic } from '../course-format/transliterate.ts'
import { loadStepDocument, requireCourseVersion, type StepDocument } from '../courses/service.ts'
import type { Db } from '../db/create-db.ts'
import {
  appendEvent,
  attemptsExhaustedProblem,
  enrolmentAccessOf,
  lockForChange,
  ownEnrolment,
  type ProgressionBus,
  type ProgressionTransition,
  withdrawnProblem,
} from '../enrolments/service.ts'
import type { Actor } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { type PersistedProgress, type Standing, standingOf } from '../progression/index.ts'
import type { Answers } from './answers.ts'
import { checkAnswers, gradeAttempt } from './grading.ts'
import {
  type AttemptRow,
  findAttempt,
  findOpenAttempt,
  insertAttempt,
  listAttemptsOfEnrolment,
  updateAnswers,
} from './queries.ts'
import { answerInWords, attemptQuestions } from './view.ts'

export async function quizOf(
  db: Db,
  versionId: string,
  language: string,
  step: string,
): Promise<StepDocument> {
  const document = await loadStepDocument(db, versionId, language, step)
  if (!document || document.kind !== 'module')
    throw Problem.notFound('No such module in this course.')
  return document
}

type AttemptLike = Pick<
  AttemptRow,
  | 'id'
  | 'enrolmentId'
  | 'step'
  | 'number'
  | 'language'
  | 'seed'
  | 'answers'
  | 'status'
  | 'score'
  | 'passed'
  | 'result'
  | 'startedAt'
  | 'savedAt'
  | 'submittedAt'
>

/** How many attempts the learner has at the attempt's quiz, as of a state of the enrolment. */
export interface AttemptCounts {
  attemptsAllowed: number
  attemptsUsed: number
}

function countsOf(
  rules: { maxAttempts: number },
  progress: PersistedProgress,
  step: string,
): AttemptCounts {
  return {
    attemptsAllowed: rules.maxAttempts + (progress.context.granted[step] ?? 0),
    attemptsUsed: progress.context.attempts[step] ?? 0,
  }
}

/** Everything about an attempt but its questions: what a submit answers with. */
export async function summariseAttempt(
  db: Db,
  attempt: AttemptLike,
  versionId: string,
  progress: PersistedProgress | AttemptCounts,
) {
  const version = await requireCourseVersion(db, versionId)
  const counts = 'context' in progress ? countsOf(version.rules, progress, attempt.step) : progress
  return {
    id: attempt.id,
    enrolmentId: attempt.enrolmentId,
    step: attempt.step,
    number: attempt.number,
    language: attempt.language,
    status: attempt.status,
    answers: attempt.answers,
    score: attempt.score,
    passed: attempt.passed,
    passMark: version.rules.passMark,
    attemptsAllowed: counts.attemptsAllowed,
    attemptsUsed: counts.attemptsUsed,
    results: attempt.result,
    startedAt: attempt.startedAt.toISOString(),
    savedAt: attempt.savedAt ? attempt.savedAt.toISOString() : null,
    submittedAt: attempt.submittedAt ? attempt.submittedAt.toISOString() : null,
  }
}

async function viewAttempt(
  db: Db,
  attempt: AttemptLike,
  versionId: string,
  progress: PersistedProgress,
) {
  const document = await quizOf(db, versionId, attempt.language, attempt.step)
  return {
    ...(await summariseAttempt(db, attempt, versionId, progress)),
    questions: attemptQuestions(document.questions, attempt.seed),
  }
}

export type AttemptView = Awaited<ReturnType<typeof viewAttempt>>

/**
 * Starts (or resumes) the attempt at the current module's quiz. After a failed attempt this is the
 * retry, recorded as `quiz.retried`; a module not read yet, or locked, is refused with the reason.
 */
export async function startAttempt(
  ctx: ServiceContext,
  bus: ProgressionBus,
  enrolmentId: string,
  step: string,
): Promise<{ created: boolean; attempt: AttemptView }> {
  const { db, actor } = ctx
  const transitions: ProgressionTransition[] = []
  await ownEnrolment(db, actor, enrolmentId)
  const result = await db.transaction().execute(async (trx) => {
    let row = await lockForChange(trx, enrolmentId)
    if (row.status === 'withdrawn') throw withdrawnProblem()
    const open = await findOpenAttempt(trx, enrolmentId, step)
    if (open)
      return {
        created: false,
        attempt: open,
        progress: row.progress,
        versionId: row.courseVersionId,
      }
    const standing = standingOf(row.progress)
    const { current, phase } = standing
    if (current === step && phase === 'failed') {
      const retried = await appendEvent(trx, row, { type: 'quiz.retried', step }, actor.id)
      row = retried.row
      transitions.push(retried.transition)
    } else if (current !== step || phase !== 'quiz') {
      throw startRefusal(step, standing)
    }
    const progress = row.progress
    const number = (progress.context.attempts[step] ?? 0) + 1
    await quizOf(trx, row.courseVersionId, row.language, step)
    const attempt = await insertAttempt(trx, {
      enrolmentId,
      step,
      number,
      language: row.language,
      seed: randomInt(2 ** 31),
    })
    return { created: true, attempt, progress, versionId: row.courseVersionId }
  })
  await bus.publish(transitions)
  return {
    created: result.created,
    attempt: await viewAttempt(db, result.attempt, result.versionId, result.progress),
  }
}

function startRefusal(step: string, standing: Standing): Problem {
  const { current, phase } = standing
  if (current === step && phase === 'reading')
    return new Problem(
      409,
      'event-refused',
      'Read the module first',
      'Mark the module as read before starting its quiz.',
      { current, phase },
    )
  if (current === step && phase === 'locked') return attemptsExhaustedProblem(standing)
  if (current === null)
    return new Problem(
      409,
      'event-refused',
      'Course finished',
      'Every step of this course is done.',
      { current, phase },
    )
  return new Problem(
    409,
    'step-locked',
    'Not open yet',
    `This quiz is not open: the current step is ${current}.`,
    { current, phase },
  )
}

/** The attempt with its enrolment, if the actor is its learner; 404 otherwise. */
export async function ownAttempt(db: Db, actor: Actor, id: string) {
  const attempt = await findAttempt(db, id)
  if (!attempt) throw Problem.notFound('No such attempt.')
  try {
    return { attempt, enrolment: await ownEnrolment(db, actor, attempt.enrolmentId) }
  } catch {
    throw Problem.notFound('No such attempt.')
  }
}

export async function getAttempt(ctx: ServiceContext, id: string): Promise<AttemptView> {
  const { attempt, enrolment } = await ownAttempt(ctx.db, ctx.actor, id)
  return viewAttempt(ctx.db, attempt, enrolment.courseVersionId, enrolment.progress)
}

export function refuseBadAnswers(document: StepDocument, answers: Answers): void {
  const errors = checkAnswers(document.questions, answers)
  if (errors.length > 0) throw Problem.validation(errors, 'Some answers do not fit the quiz.')
}

/** Saves answers as the learner goes; only while the attempt is open. */
export async function saveAnswers(
  ctx: ServiceContext,
  id: string,
  answers: Answers,
): Promise<AttemptView> {
  const { db } = ctx
  const { attempt, enrolment } = await ownAttempt(db, ctx.actor, id)
  if (enrolment.status === 'withdrawn') throw withdrawnProblem()
  refuseBadAnswers(
    await quizOf(db, enrolment.courseVersionId, attempt.language, attempt.step),
    answers,
  )
  const updated = await updateAnswers(db, id, answers)
  if (Number(updated.numUpdatedRows) === 0) throw alreadySubmitted(id)
  return getAttempt(ctx, id)
}

export function alreadySubmitted(id: string): Problem {
  return new Problem(
    409,
    'conflict',
    'Already submitted',
    'This attempt was already submitted and graded.',
    { attemptId: id },
  )
}

export function normaliserFor(language: string): ((text: string) => string) | undefined {
  // Serbian is written in both scripts: compare in Cyrillic so either script matches the key.
  if (!language.startsWith('sr')) return undefined
  return (text) => latinToCyrillic(text.trim().replace(/\s+/g, ' ').toLocaleLowerCase())
}

/**
 * The attempts of an enrolment. The learner and coordinators see scores; trainers of the course and
 * admins also see every answer and its grading.
 */
export async function listAttempts(ctx: ServiceContext, enrolmentId: string) {
  const { db } = ctx
  const { access, courseVersionId } = await enrolmentAccessOf(db, ctx.actor, enrolmentId)
  const detailed = access === 'trainer' || access === 'admin'
  const attempts = await listAttemptsOfEnrolment(db, enrolmentId)
  return Promise.all(
    attempts.map(async (attempt) => {
      const summary = {
        id: attempt.id,
        step: attempt.step,
        number: attempt.number,
        language: attempt.language,
        status: attempt.status,
        score: attempt.score,
        passed: attempt.passed,
        startedAt: attempt.startedAt.toISOString(),
        submittedAt: attempt.submittedAt ? attempt.submittedAt.toISOString() : null,
      }
      if (!detailed) return summary
      const document = await quizOf(db, courseVersionId, attempt.language, attempt.step)
      const answers = attempt.answers
      const results = attempt.result ?? []
      const keyed =
        attempt.status === 'graded'
          ? gradeAttempt(document.questions, answers, {
              normalise: normaliserFor(attempt.language),
            }).results
          : []
      return {
        ...summary,
        questions: document.questions.map((question, index) => ({
          id: String(index),
          kind: question.kind,
          text: question.text,
          answer: answerInWords(question, answers[String(index)]),
          result: keyed[index] ?? results[index] ?? null,
        })),
      }
    }),
  )
}
