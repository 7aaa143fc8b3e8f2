import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { appendEvent, lockForChange } from '../enrolments/service.ts'
import type { ProgressionEvent } from '../progression/index.ts'
import { associationId, type TestUser } from './factories.ts'
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

/** The id of civic-basics' current published version. */
export async function currentVersionId(app: FastifyInstance): Promise<string> {
  const course = await app.db
    .selectFrom('courses')
    .select('currentVersionId')
    .where('slug', '=', 'civic-basics')
    .executeTakeFirstOrThrow()
  return course.currentVersionId!
}

/** A cluster of the association for evaluation tests, with `trainer` as its trainer when given. */
export async function clusterOf(app: FastifyInstance, association: string, trainer?: TestUser) {
  const { id } = await app.db
    .insertInto('clusters')
    .values({
      associationId: await associationId(app, association),
      name: `Evaluations ${randomUUID().slice(0, 6)}`,
      startsOn: '2027-01-01',
      endsOn: '2027-02-01',
      capacity: 30,
      createdBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (trainer)
    await app.db
      .insertInto('clusterTrainers')
      .values({ clusterId: id, userId: trainer.id })
      .execute()
  return id
}
