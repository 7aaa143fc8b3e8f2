import { randomInt } from 'node:crypto'
import { latinToCyrillic } from '../course-format/transliterate.ts'
import type { Db } from '../db/create-db.ts'
import type { Actor } from '../http/auth.ts'
import { idempotencyKey, type Outcome, withReplay } from '../http/idempotency.ts'
import { Problem } from '../http/problem.ts'
import {
  appendEvent,
  commitProgression,
  enrolmentAccess,
  type LearningDeps,
  loadCourseVersion,
  loadStepDocument,
  lockForChange,
  prepareEvent,
  type ProgressionTransition,
  type StepDocument,
} from '../enrolments/service.ts'
import type { PersistedProgress } from '../progression/index.ts'
import type { Answers } from './answers.ts'
import { checkAnswers, gradeAttempt, type QuestionResult } from './grading.ts'
import {
  type AttemptRow,
  findAttempt,
  findAttemptForSubmit,
  findOpenAttempt,
  insertAttempt,
  listAttemptsOfEnrolment,
  updateAnswers,
} from './queries.ts'
import { answerInWords, attemptQuestions } from './view.ts'

const EPSILON = 1e-9

async function quizOf(
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

function phaseOf(progress: PersistedProgress): { current: string | null; phase: string | null } {
  if (typeof progress.value === 'string') return { current: null, phase: null }
  const [current, phase] = Object.entries(progress.value)[0] ?? [null, null]
  return { current, phase }
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
interface AttemptCounts {
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
async function summariseAttempt(
  db: Db,
  attempt: AttemptLike,
  versionId: string,
  progress: PersistedProgress | AttemptCounts,
) {
  const version = (await loadCourseVersion(db, versionId))!
  const counts = 'context' in progress ? countsOf(version.rules, progress, attempt.step) : progress
  return {
    id: attempt.id,
    enrolmentId: attempt.enrolmentId,
    step: attempt.step,
    number: attempt.number,
    language: attempt.language,
    status: attempt.status,
    answers: attempt.answers as Answers,
    score: attempt.score,
    passed: attempt.passed,
    passMark: version.rules.passMark,
    attemptsAllowed: counts.attemptsAllowed,
    attemptsUsed: counts.attemptsUsed,
    results: (attempt.result as QuestionResult[] | null) ?? null,
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
  deps: LearningDeps,
  actor: Actor,
  enrolmentId: string,
  step: string,
): Promise<{ created: boolean; attempt: AttemptView }> {
  const transitions: ProgressionTransition[] = []
  const owner = await deps.db
    .selectFrom('enrolments')
    .select(['userId', 'status'])
    .where('id', '=', enrolmentId)
    .executeTakeFirst()
  if (owner?.userId !== actor.id) throw Problem.notFound('No such enrolment.')
  const result = await deps.db.transaction().execute(async (trx) => {
    let row = await lockForChange(trx, enrolmentId)
    if (row.status === 'withdrawn') throw withdrawn()
    const open = await findOpenAttempt(trx, enrolmentId, step)
    if (open)
      return {
        created: false,
        attempt: open,
        progress: row.progress as PersistedProgress,
        versionId: row.courseVersionId,
      }
    const { current, phase } = phaseOf(row.progress as PersistedProgress)
    if (current === step && phase === 'failed') {
      const retried = await appendEvent(trx, row, { type: 'quiz.retried', step }, actor.id)
      row = retried.row
      transitions.push(retried.transition)
    } else if (current !== step || phase !== 'quiz') {
      throw startRefusal(step, current, phase)
    }
    const progress = row.progress as PersistedProgress
    const number = (progress.context.attempts[step] ?? 0) + 1
    await quizOf(trx as unknown as Db, row.courseVersionId, row.language, step)
    const { id } = await insertAttempt(trx, {
      enrolmentId,
      step,
      number,
      language: row.language,
      seed: randomInt(2 ** 31),
    })
    const attempt = (await findOpenAttempt(trx, enrolmentId, step))!
    return { created: true, attempt: { ...attempt, id }, progress, versionId: row.courseVersionId }
  })
  await deps.progressionBus.publish(transitions)
  return {
    created: result.created,
    attempt: await viewAttempt(deps.db, result.attempt, result.versionId, result.progress),
  }
}

function startRefusal(step: string, current: string | null, phase: string | null): Problem {
  if (current === step && phase === 'reading')
    return new Problem(
      409,
      'event-refused',
      'Read the module first',
      'Mark the module as read before starting its quiz.',
      { current, phase },
    )
  if (current === step && phase === 'locked') {
    return new Problem(
      409,
      'attempts-exhausted',
      'No attempts left',
      'Every attempt at this quiz is used; a trainer can grant another one.',
      { current, phase },
    )
  }
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

async function ownAttempt(db: Db, actor: Actor, id: string): Promise<AttemptRow> {
  const attempt = await findAttempt(db, id)
  if (!attempt || attempt.userId !== actor.id) throw Problem.notFound('No such attempt.')
  return attempt
}

function withdrawn(): Problem {
  return new Problem(
    409,
    'event-refused',
    'Enrolment withdrawn',
    'This enrolment was withdrawn; enrol again to continue.',
  )
}

async function currentProgress(db: Db, enrolmentId: string): Promise<PersistedProgress> {
  const row = await db
    .selectFrom('enrolments')
    .select('progress')
    .where('id', '=', enrolmentId)
    .executeTakeFirstOrThrow()
  return row.progress as PersistedProgress
}

export async function getAttempt(db: Db, actor: Actor, id: string): Promise<AttemptView> {
  const attempt = await ownAttempt(db, actor, id)
  return viewAttempt(
    db,
    attempt,
    attempt.courseVersionId,
    await currentProgress(db, attempt.enrolmentId),
  )
}

function refuseBadAnswers(document: StepDocument, answers: Answers): void {
  const errors = checkAnswers(document.questions, answers)
  if (errors.length > 0) throw Problem.validation(errors, 'Some answers do not fit the quiz.')
}

/** Saves answers as the learner goes; only while the attempt is open. */
export async function saveAnswers(
  db: Db,
  actor: Actor,
  id: string,
  answers: Answers,
): Promise<AttemptView> {
  const attempt = await ownAttempt(db, actor, id)
  if (attempt.enrolmentStatus === 'withdrawn') throw withdrawn()
  refuseBadAnswers(
    await quizOf(db, attempt.courseVersionId, attempt.language, attempt.step),
    answers,
  )
  const updated = await updateAnswers(db, id, answers)
  if (Number(updated.numUpdatedRows) === 0) throw alreadySubmitted(id)
  return getAttempt(db, actor, id)
}

function alreadySubmitted(id: string): Problem {
  return new Problem(
    409,
    'conflict',
    'Already submitted',
    'This attempt was already submitted and graded.',
    { attemptId: id },
  )
}

function normaliserFor(language: string): ((text: string) => string) | undefined {
  // Serbian is written in both scripts: compare in Cyrillic so either script matches the key.
  if (!language.startsWith('sr')) return undefined
  return (text) => latinToCyrillic(text.trim().replace(/\s+/g, ' ').toLocaleLowerCase())
}

/**
 * Grades the attempt on the server and moves the machine (`quiz.submitted`) in the same transaction.
 * Keys are revealed only with a pass: a locked learner may still be granted another attempt.
 */
export async function submitAttempt(
  deps: LearningDeps,
  actor: Actor,
  id: string,
  submitted: Answers | undefined,
  key: string | undefined,
): Promise<Outcome<Omit<AttemptView, 'questions'>>> {
  const idempotency = idempotencyKey({
    userId: actor.id,
    scope: `attempt-submit:${id}`,
    key,
    body: submitted ?? null,
  })
  return withReplay(
    deps.db,
    idempotency,
    async () => {
      const attempt = await findAttemptForSubmit(deps.db, id)
      if (!attempt || attempt.userId !== actor.id) throw Problem.notFound('No such attempt.')
      if (attempt.enrolmentStatus === 'withdrawn') throw withdrawn()
      if (attempt.status === 'graded') throw alreadySubmitted(id)
      const document = await quizOf(
        deps.db,
        attempt.courseVersionId,
        attempt.language,
        attempt.step,
      )
      if (submitted) refuseBadAnswers(document, submitted)
      const answers = submitted ?? (attempt.answers as Answers)
      const { score, results } = gradeAttempt(document.questions, answers, {
        normalise: normaliserFor(attempt.language),
      })
      const enrolment = {
        id: attempt.enrolmentId,
        userId: attempt.userId,
        courseId: attempt.courseId,
        courseVersionId: attempt.courseVersionId,
        language: attempt.enrolmentLanguage,
        clusterId: attempt.clusterId,
        status: attempt.enrolmentStatus,
        progress: attempt.progress,
        version: attempt.version,
        withdrawnReason: attempt.withdrawnReason,
        withdrawnAt: null,
        completedAt: attempt.completedAt,
        createdAt: attempt.createdAt,
      }
      const { next, commit, transition } = await prepareEvent(
        deps.db,
        enrolment,
        { type: 'quiz.submitted', step: attempt.step, score },
        actor.id,
        {
          attemptId: id,
          number: attempt.number,
        },
      )
      const version = (await loadCourseVersion(deps.db, attempt.courseVersionId))!
      const passed = score + EPSILON >= version.rules.passMark
      const shown = results.map(({ rightAnswer, ...rest }) =>
        passed && rightAnswer !== undefined ? { ...rest, rightAnswer } : rest,
      )
      const submittedAt = commit.at
      const graded = {
        ...attempt,
        answers,
        score,
        passed,
        result: shown,
        status: 'graded' as const,
        submittedAt,
      }
      const view = await summariseAttempt(
        deps.db,
        graded,
        attempt.courseVersionId,
        next.progress as PersistedProgress,
      )
      // The key keeps a receipt, not a copy of the answer: a graded attempt never changes, so the
      // answer is rebuilt from it and the counts as they were (reviveSubmitted).
      const receipt: SubmitReceipt = {
        attemptId: id,
        attemptsAllowed: view.attemptsAllowed,
        attemptsUsed: view.attemptsUsed,
      }
      const applied = await commitProgression(deps.db, {
        ...commit,
        attempt: { id, answers, score, passed, result: shown, submittedAt },
        ...(idempotency
          ? { idempotency: { ...idempotency, statusCode: 200, response: receipt } }
          : {}),
      })
      // Another submit of this attempt, or another change of the enrolment, came first.
      if (!applied) throw alreadySubmitted(id)
      await deps.progressionBus.publish([transition])
      return { status: 200, body: view, replayed: false }
    },
    (stored) => reviveSubmitted(deps.db, stored as SubmitReceipt),
  )
}

type SubmitReceipt = AttemptCounts & { attemptId: string }

async function reviveSubmitted(db: Db, receipt: SubmitReceipt) {
  const attempt = (await findAttempt(db, receipt.attemptId))!
  return summariseAttempt(db, attempt, attempt.courseVersionId, receipt)
}

/**
 * The attempts of an enrolment. The learner and coordinators see scores; trainers of the course and
 * admins also see every answer and its grading.
 */
export async function listAttempts(db: Db, actor: Actor, enrolmentId: string) {
  const enrolment = await db
    .selectFrom('enrolments as e')
    .innerJoin('users as u', 'u.id', 'e.userId')
    .leftJoin('municipalities as m', 'm.id', 'u.municipalityId')
    .select(['e.userId', 'e.courseId', 'e.courseVersionId'])
    .select((eb) => eb.fn.coalesce('u.associationId', 'm.associationId').as('learnerAssociationId'))
    .where('e.id', '=', enrolmentId)
    .executeTakeFirst()
  if (!enrolment) throw Problem.notFound('No such enrolment.')
  const access = await enrolmentAccess(db, actor, enrolment)
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
      const document = await quizOf(db, enrolment.courseVersionId, attempt.language, attempt.step)
      const answers = attempt.answers as Answers
      const results = (attempt.result as QuestionResult[] | null) ?? []
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
