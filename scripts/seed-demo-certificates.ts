// The demo's certificates (issue 15): the demo learner completes the cluster's Minority
// Commissioner course (each module read and its quiz passed, the evaluation submitted, through
// the services of enrolments and quizzes), and every completed enrolment of the demo still without
// a certificate gets one through certificates' own sweep: the demo learner's and those of the
// learners who finished Diversity Management in the peer exchange. Idempotent: a completed course
// is not taken again, and the sweep issues only what is missing.
import {
  type CertificateSettings,
  certificateIssueTask,
  listMyCertificates,
} from '../server/src/certificates/service.ts'
import { loadStepDocument, publishedVersion } from '../server/src/courses/service.ts'
import { type CredentialSettings, ensureSigningKey } from '../server/src/credentials/service.ts'
import type { Db } from '../server/src/db/create-db.ts'
import type { EventBody } from '../server/src/enrolments/schemas.ts'
import { listMyEnrolments, ProgressionBus, sendEvent } from '../server/src/enrolments/service.ts'
import { systemClock } from '../server/src/http/clock.ts'
import { startAttempt, submitAttempt } from '../server/src/quizzes/service.ts'
import { contextOf, type Person, rightAnswers } from './seed-demo-cluster.ts'

export const certifiedCourse = 'minority-commissioner'

/** The demo learner's certified course and the certificates the demo holds. */
export async function seedDemoCertificates(
  db: Db,
  learner: Person,
  settings: { platformIssuer: string; credentials: CredentialSettings },
): Promise<string | undefined> {
  const bus = new ProgressionBus()
  const ctx = contextOf(db, learner)
  const enrolmentOf = async () => {
    const [found] = await listMyEnrolments(ctx, certifiedCourse)
    return found
  }
  let completed = false
  const first = await enrolmentOf()
  if (first && first.status === 'active') {
    const version = await publishedVersion(db, certifiedCourse)
    for (const step of version.steps) {
      const enrolment = (await enrolmentOf())!
      const event = (type: string) =>
        ({ type, step: step.slug, expectedVersion: enrolment.version }) as unknown as EventBody
      if (step.kind === 'module') {
        await sendEvent(ctx, bus, enrolment.id, event('module.read'), undefined)
        const document = await loadStepDocument(db, version.id, enrolment.language, step.slug)
        const { attempt } = await startAttempt(ctx, bus, enrolment.id, step.slug)
        await submitAttempt(ctx, bus, attempt.id, rightAnswers(document!.questions), undefined)
      } else if (step.kind === 'survey') {
        await sendEvent(ctx, bus, enrolment.id, event('survey.submitted'), undefined)
      } else throw new Error(`${certifiedCourse} has a ${step.kind} step the demo cannot take`)
    }
    completed = true
  }
  await ensureSigningKey(db, settings.credentials, systemClock.now())
  const certificates: CertificateSettings = settings
  const outcome = await certificateIssueTask(bus, systemClock, certificates).run(db)
  if (!completed && outcome === '0 issued') return undefined
  const mine = (await listMyCertificates(ctx)).find((item) => item.courseSlug === certifiedCourse)
  // The address is followed by punctuation: the seed's callers read `<address> <password>` pairs.
  return `Certificates: ${certifiedCourse} completed by the demo learner (${learner.email})${mine ? `, certificate ${mine.code} at /verify/${mine.code}` : ''}; ${outcome} in all.`
}
