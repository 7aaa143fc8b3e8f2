import type { FastifyInstance } from 'fastify'
import { appendEvent, lockForChange } from '../enrolments/service.ts'
import type { ProgressionEvent } from '../progression/index.ts'
import { enrolledLearner, type Learner } from './learning.ts'

// civic-basics up to its survey: both modules read and passed, the webinar attended.
const toSurvey: ProgressionEvent[] = [
  { type: 'module.read', step: '01-rights' },
  { type: 'quiz.submitted', step: '01-rights', score: 1 },
  { type: 'module.read', step: '02-services' },
  { type: 'quiz.submitted', step: '02-services', score: 1 },
  { type: 'webinar.attended', step: 'peer-exchange' },
]

/**
 * A learner of civic-basics whose next step is the evaluation, moved there through the
 * enrolments service (the machine, the log) rather than through quizzes and sessions; with
 * `clusterId`, the enrolment counts in that cluster.
 */
export async function learnerAtSurvey(
  app: FastifyInstance,
  options: { language?: string; association?: string; clusterId?: string } = {},
): Promise<Learner & { version: number }> {
  const learner = await enrolledLearner(app, options)
  if (options.clusterId)
    await app.db
      .updateTable('enrolments')
      .set({ clusterId: options.clusterId })
      .where('id', '=', learner.enrolmentId)
      .execute()
  const version = await app.db.transaction().execute(async (trx) => {
    let row = await lockForChange(trx, learner.enrolmentId)
    for (const event of toSurvey) ({ row } = await appendEvent(trx, row, event, null))
    return row.version
  })
  return { ...learner, version }
}

/** Submits the evaluation through the events endpoint. */
export function submitSurvey(
  app: FastifyInstance,
  learner: Learner & { version: number },
  answers: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/enrolments/${learner.enrolmentId}/events`,
    headers: { ...learner.headers, ...headers },
    payload: {
      type: 'survey.submitted',
      step: 'evaluation',
      expectedVersion: learner.version,
      answers,
    },
  })
}
