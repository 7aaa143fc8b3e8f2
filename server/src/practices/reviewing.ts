// Moderation: the queue of submitted practices and the review (approve, or return with a comment).
import { recordAudit } from '../audit/service.ts'
import {
  appendEvent,
  lockForChange,
  type ProgressionBus,
  type ProgressionTransition,
} from '../enrolments/service.ts'
import { type Actor, hasRole } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { Problem } from '../http/problem.ts'
import { standingOf } from '../progression/index.ts'
import { queueReviewMail } from './mail.ts'
import { findPractice, listReviewQueue, lockPractice, updatePracticeReview } from './queries.ts'
import type { GoodPractice, ListPracticesQuery, ReviewPracticeBody } from './schemas.ts'
import { moderates, noSuchPractice, viewPractice } from './views.ts'

/** Submitted practices the moderator may review, oldest first. */
export async function reviewQueue(
  ctx: ServiceContext,
  query: ListPracticesQuery,
): Promise<Page<GoodPractice>> {
  const moderator = { id: ctx.actor.id, admin: hasRole(ctx.actor, 'admin') }
  return pageOf(
    query,
    (window) => listReviewQueue(ctx.db, moderator, window),
    (row) => viewPractice(row, { author: false, moderator: true }),
  )
}

/**
 * A moderator's decision on a submitted practice. Approving the written alternative of a webinar
 * excuses the learner's gate (`webinar.excused`, with the practice's id) in the same transaction,
 * when the gate is still open; returning needs a comment. Audited; the author is e-mailed.
 */
export async function reviewPractice(
  ctx: ServiceContext,
  bus: ProgressionBus,
  id: string,
  body: ReviewPracticeBody,
  origin: string,
  now: Date,
): Promise<GoodPractice> {
  const { actor, ip } = ctx
  const comment = body.comment?.trim() ? body.comment.trim() : null
  const transitions: ProgressionTransition[] = []
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockPractice(trx, id)
    if (!row) throw noSuchPractice()
    if (!(await moderates(trx, actor, row))) {
      const visible = row.status === 'approved' || row.authorId === actor.id
      if (!visible) throw noSuchPractice()
      throw Problem.forbidden('You do not moderate this good practice.')
    }
    if (row.status !== 'submitted') {
      throw new Problem(
        409,
        'conflict',
        'Not waiting for review',
        `The practice is ${row.status}; only a submitted practice is reviewed.`,
      )
    }
    if (body.decision === 'return' && !comment) {
      throw Problem.validation([
        {
          pointer: '/body/comment',
          reason: 'required',
          detail: 'say what to change when returning a practice',
        },
      ])
    }
    const approve = body.decision === 'approve'
    let excused = false
    if (approve && row.enrolmentId && row.step) {
      excused = await excuseGate(trx, actor, row.enrolmentId, row.step, id, transitions)
    }
    await updatePracticeReview(trx, id, {
      status: approve ? 'approved' : 'returned',
      reviewComment: comment,
      reviewedBy: actor.id,
      at: now,
    })
    await recordAudit(trx, {
      action: approve ? 'good-practice.approved' : 'good-practice.returned',
      actorId: actor.id,
      subject: row.authorId,
      ip,
      details: {
        practiceId: id,
        enrolmentId: row.enrolmentId,
        step: row.step,
        ...(approve ? { excused } : {}),
      },
    })
    if (row.authorId && row.authorEmail && !row.authorErasedAt) {
      await queueReviewMail(
        trx,
        approve ? 'approved' : 'returned',
        {
          name: row.authorName ?? '',
          email: row.authorEmail,
          language: row.authorLanguage ?? 'en',
        },
        { practiceId: id, title: row.title, comment, origin },
      )
    }
  })
  await bus.publish(transitions)
  const row = await findPractice(ctx.db, id)
  if (!row) throw noSuchPractice()
  return viewPractice(row, { author: false, moderator: true })
}

/**
 * Sends `webinar.excused` to the enrolment when its gate is open at that step; a gate already
 * attended or excused, or an enrolment withdrawn, is left as it is (the practice still enters the
 * library). The enrolment is locked after the practice, the one order both take.
 */
async function excuseGate(
  trx: Parameters<typeof lockForChange>[0],
  actor: Actor,
  enrolmentId: string,
  step: string,
  practiceId: string,
  transitions: ProgressionTransition[],
): Promise<boolean> {
  const enrolment = await lockForChange(trx, enrolmentId)
  if (enrolment.status !== 'active') return false
  if (standingOf(enrolment.progress).current !== step) return false
  const outcome = enrolment.progress.context.outcomes[step]
  if (outcome === 'attended' || outcome === 'excused') return false
  const { transition } = await appendEvent(
    trx,
    enrolment,
    { type: 'webinar.excused', step },
    actor.id,
    { practiceId },
  )
  transitions.push(transition)
  return true
}
