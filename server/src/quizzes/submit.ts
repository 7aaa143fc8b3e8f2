import {
  commitProgression,
  prepareEvent,
  type ProgressionBus,
  withdrawnProblem,
} from '../enrolments/service.ts'
import type { ServiceContext } from '../http/context.ts'
import { idempotencyKey, type Outcome, withReplay } from '../http/idempotency.ts'
import { Problem } from '../http/problem.ts'
import { hasPassed } from '../progression/index.ts'
import type { Answers } from './answers.ts'
import { gradeAttempt } from './grading.ts'
import { findAttemptForSubmit } from './queries.ts'
import {
  alreadySubmitted,
  type AttemptCounts,
  normaliserFor,
  ownAttempt,
  quizOf,
  refuseBadAnswers,
  summariseAttempt,
  type AttemptView,
} from './attempts.ts'

/**
 * Grades the attempt on the server and moves the machine (`quiz.submitted`) in the same transaction.
 * Keys are revealed only with a pass: a locked learner may still be granted another attempt.
 */
export async function submitAttempt(
  ctx: ServiceContext,
  bus: ProgressionBus,
  id: string,
  submitted: Answers | undefined,
  key: string | undefined,
): Promise<Outcome<Omit<AttemptView, 'questions'>>> {
  const { db, actor } = ctx
  const idempotency = idempotencyKey({
    userId: actor.id,
    scope: `attempt-submit:${id}`,
    key,
    body: submitted ?? null,
  })
  return withReplay(
    db,
    idempotency,
    async () => {
      const attempt = await findAttemptForSubmit(db, id)
      if (!attempt || attempt.userId !== actor.id) throw Problem.notFound('No such attempt.')
      if (attempt.enrolmentStatus === 'withdrawn') throw withdrawnProblem()
      if (attempt.status === 'graded') throw alreadySubmitted(id)
      const document = await quizOf(db, attempt.courseVersionId, attempt.language, attempt.step)
      if (submitted) refuseBadAnswers(document, submitted)
      const answers = submitted ?? attempt.answers
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
        db,
        enrolment,
        { type: 'quiz.submitted', step: attempt.step, score },
        actor.id,
        {
          attemptId: id,
          number: attempt.number,
        },
      )
      // The machine decides whether the score passed (its pass mark guard), not a copy of the rule.
      const passed = hasPassed(next.progress, attempt.step)
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
      const view = await summariseAttempt(db, graded, attempt.courseVersionId, next.progress)
      // The key keeps a receipt, not a copy of the answer: a graded attempt never changes, so the
      // answer is rebuilt from it and the counts as they were (reviveSubmitted).
      const receipt: SubmitReceipt = {
        attemptId: id,
        attemptsAllowed: view.attemptsAllowed,
        attemptsUsed: view.attemptsUsed,
      }
      const applied = await commitProgression(db, {
        ...commit,
        attempt: { id, answers, score, passed, result: shown, submittedAt },
        ...(idempotency
          ? { idempotency: { ...idempotency, statusCode: 200, response: receipt } }
          : {}),
      })
      // Another submit of this attempt, or another change of the enrolment, came first.
      if (!applied) throw alreadySubmitted(id)
      await bus.publish([transition])
      return { status: 200, body: view, replayed: false }
    },
    (stored: SubmitReceipt) => reviveSubmitted(ctx, stored),
  )
}

type SubmitReceipt = AttemptCounts & { attemptId: string }

async function reviveSubmitted(ctx: ServiceContext, receipt: SubmitReceipt) {
  const { attempt, enrolment } = await ownAttempt(ctx.db, ctx.actor, receipt.attemptId)
  return summariseAttempt(ctx.db, attempt, enrolment.courseVersionId, receipt)
}
