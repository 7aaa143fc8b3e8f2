import type { FastifyInstance } from 'fastify'
import { type CertificateSettings, issueCertificate } from '../certificates/service.ts'
import { appendEvent, lockForChange } from '../enrolments/service.ts'
import type { ProgressionEvent } from '../progression/index.ts'
import { enrolledLearner, type Learner } from './learning.ts'

// civic-basics to its end: both modules read and passed, the webinar attended, the evaluation in.
const toCompletion: ProgressionEvent[] = [
  { type: 'module.read', step: '01-rights' },
  { type: 'quiz.submitted', step: '01-rights', score: 1 },
  { type: 'module.read', step: '02-services' },
  { type: 'quiz.submitted', step: '02-services', score: 1 },
  { type: 'webinar.attended', step: 'peer-exchange' },
  { type: 'survey.submitted', step: 'evaluation' },
]

export interface CompletedLearnerOptions {
  language?: string
  association?: string
  /** The enrolment counts in this cluster (its association issues the certificate). */
  clusterId?: string
}

/**
 * A learner who completed civic-basics (civic-basics must be imported), moved there through the
 * enrolments service (the machine, the log) and not through quizzes and sessions. Nothing is
 * announced on the progression bus, so no certificate is issued yet: the machine stands at
 * `completed`.
 */
export async function completedLearner(
  app: FastifyInstance,
  options: CompletedLearnerOptions = {},
): Promise<Learner> {
  const learner = await enrolledLearner(app, options)
  if (options.clusterId)
    await app.db
      .updateTable('enrolments')
      .set({ clusterId: options.clusterId })
      .where('id', '=', learner.enrolmentId)
      .execute()
  await app.db.transaction().execute(async (trx) => {
    let row = await lockForChange(trx, learner.enrolmentId)
    for (const event of toCompletion) ({ row } = await appendEvent(trx, row, event, null))
  })
  return learner
}

/** The app's certificate settings, as its routes and tasks build them. */
export function certificateSettings(app: FastifyInstance): CertificateSettings {
  return {
    platformIssuer: app.config.CERTIFICATE_ISSUER_NAME,
    credentials: app.credentialSettings,
  }
}

/** A completed learner with their certificate issued; `code` is its verification code. */
export async function issuedCertificate(
  app: FastifyInstance,
  options: CompletedLearnerOptions = {},
): Promise<{ learner: Learner; code: string }> {
  const learner = await completedLearner(app, options)
  const issued = await issueCertificate(
    app.db,
    learner.enrolmentId,
    app.clock.now(),
    certificateSettings(app),
  )
  if (!issued) throw new Error(`no certificate issued for enrolment ${learner.enrolmentId}`)
  return { learner, code: issued.code }
}
