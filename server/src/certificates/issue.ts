import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import {
  type CourseVersion,
  loadStepDocument,
  localise,
  requireCourseVersion,
} from '../courses/service.ts'
import { type CredentialSettings, signAchievementCredential } from '../credentials/service.ts'
import { latinToCyrillic } from '../course-format/transliterate.ts'
import type { Db } from '../db/create-db.ts'
import type { Database } from '../db/schema.ts'
import {
  appendEvent,
  lockForChange,
  type ProgressionBus,
  type ProgressionTransition,
} from '../enrolments/service.ts'
import type { Clock } from '../http/clock.ts'
import { newCode } from './codes.ts'
import {
  findCourseTrainerAssociation,
  findIssueFacts,
  hasFirstCertificate,
  insertCertificate,
  listAwaitingEnrolments,
  listTrainerNames,
  nextStatusIndex,
} from './queries.ts'
import { hoursOf, statusListUrlOf, statusPositionOf } from './status.ts'

/** Where certificates point and who issues when no association does (config). */
export interface CertificateSettings {
  /** `CERTIFICATE_ISSUER_NAME`: the platform as issuer. */
  platformIssuer: string
  /** Credentials' settings (`app.credentialSettings`): the origin and the key that signs. */
  credentials: CredentialSettings
}

export interface Issued {
  certificateId: string
  code: string
  transition: ProgressionTransition
}

/** The modules' minutes of a version in a language (English where a module lacks it). */
async function minutesOf(db: Db, version: CourseVersion, language: string): Promise<number> {
  let minutes = 0
  for (const step of version.steps) {
    if (step.kind !== 'module') continue
    const document =
      (await loadStepDocument(db, version.id, language, step.slug)) ??
      (await loadStepDocument(db, version.id, 'en', step.slug))
    minutes += document?.minutes ?? 0
  }
  return minutes
}

/** The course described per language by its modules' titles, for the credential's achievement. */
async function descriptionsOf(db: Db, version: CourseVersion): Promise<Record<string, string>> {
  const descriptions: Record<string, string> = {}
  for (const language of version.languages) {
    const titles: string[] = []
    for (const step of version.steps) {
      if (step.kind !== 'module') continue
      const document = await loadStepDocument(db, version.id, language, step.slug)
      if (document) titles.push(document.title)
    }
    if (titles.length > 0) descriptions[language] = titles.join('; ')
  }
  return descriptions
}

const criteriaTexts: Record<string, (steps: number) => string> = {
  en: (steps) =>
    `Completed all ${steps} steps of the course on Agora: every module read and its quiz passed, the webinar attended (or its written alternative approved) and the evaluation submitted.`,
  'sr-Latn': (steps) =>
    `Završeni svi koraci kursa na Agori (${steps}): svaki modul pročitan i njegov kviz položen, vebinar pohađan (ili odobrena pisana alternativa) i evaluacija predata.`,
  mk: (steps) =>
    `Завршени сите чекори од курсот на Агора (${steps}): секој модул прочитан и неговиот квиз положен, вебинарот посетен (или одобрена писмената алтернатива) и евалуацијата поднесена.`,
  sq: (steps) =>
    `U përfunduan të gjithë hapat e kursit në Agora (${steps}): çdo modul u lexua dhe kuizi i tij u kalua, webinari u ndoq (ose u miratua alternativa me shkrim) dhe vlerësimi u dorëzua.`,
  sv: (steps) =>
    `Har slutfört kursens alla steg på Agora (${steps}): varje modul läst och dess quiz godkänt, deltagit i webbinariet (eller fått det skriftliga alternativet godkänt) och lämnat in utvärderingen.`,
}
criteriaTexts['sr-Cyrl'] = (steps) => latinToCyrillic(criteriaTexts['sr-Latn']!(steps))

/** What a certificate's credential states; the rest comes from its course version. */
export interface SignedFacts {
  id: string
  code: string
  learnerName: string | null
  language: string
  courseVersionId: string
  minutes: number
  completedAt: Date
  issuedAt: Date
  issuer: { slug: string | null; name: string }
  statusIndex: number
}

/** Signs the certificate's Open Badges credential (credentials' key); returns the VC-JWT. */
export async function signCertificate(
  db: Db,
  facts: SignedFacts,
  settings: CertificateSettings,
): Promise<string> {
  const version = await requireCourseVersion(db, facts.courseVersionId)
  const position = statusPositionOf(facts.statusIndex)
  const { jwt } = await signAchievementCredential(
    db,
    {
      certificateId: facts.id,
      code: facts.code,
      // An erased person's name is no longer known: the credential names nobody.
      learnerName: facts.learnerName ?? '',
      language: facts.language,
      courseSlug: version.slug,
      courseTitles: Object.fromEntries(
        version.languages.map((language) => [
          language,
          localise(version.titles, language, version.languages).title,
        ]),
      ),
      courseDescriptions: await descriptionsOf(db, version),
      // In the course's languages that have the words, English always (the fallback).
      criteria: Object.fromEntries(
        Object.entries(criteriaTexts)
          .filter(([language]) => language === 'en' || version.languages.includes(language))
          .map(([language, text]) => [language, text(version.steps.length)]),
      ),
      courseVersionNumber: version.number,
      hours: hoursOf(facts.minutes),
      completedAt: facts.completedAt,
      issuedAt: facts.issuedAt,
      issuer: facts.issuer,
      statusIndex: position.bit,
      statusListUrl: statusListUrlOf(settings.credentials.origin, position.list),
    },
    settings.credentials,
  )
  return jwt
}

/**
 * Issues the enrolment's certificate, exactly once: under the enrolment's row lock, only while
 * the enrolment is completed and its machine stands at `completed`, and only if no first issue
 * exists; the insert itself does nothing on a second (enrolment, 1). The credential is signed
 * and stored, `certificate.issued` moves the machine to `certified`, and the issue is audited,
 * all in one transaction. Returns null when there was nothing to issue.
 */
export async function issueCertificate(
  db: Db,
  enrolmentId: string,
  now: Date,
  settings: CertificateSettings,
): Promise<Issued | null> {
  return db.transaction().execute((trx) => issueIn(trx, enrolmentId, now, settings))
}

async function issueIn(
  trx: Transaction<Database>,
  enrolmentId: string,
  now: Date,
  settings: CertificateSettings,
): Promise<Issued | null> {
  const row = await lockForChange(trx, enrolmentId)
  if (row.status !== 'completed' || row.progress.value !== 'completed' || !row.completedAt)
    return null
  if (await hasFirstCertificate(trx, enrolmentId)) return null

  const version = await requireCourseVersion(trx, row.courseVersionId)
  const { learner, cluster } = await findIssueFacts(trx, row.userId, row.clusterId)
  const association = cluster ?? (await findCourseTrainerAssociation(trx, row.courseId))
  const issuer = association
    ? { id: association.id, slug: association.slug, name: association.name }
    : { id: null, slug: null, name: settings.platformIssuer }
  const minutes = await minutesOf(trx, version, row.language)
  const courseTitle = localise(version.titles, row.language, version.languages).title
  const certificateId = randomUUID()
  const code = newCode()
  const statusIndex = await nextStatusIndex(trx)
  const learnerName = learner.erasedAt ? null : learner.name
  const jwt = await signCertificate(
    trx,
    {
      id: certificateId,
      code,
      learnerName,
      language: row.language,
      courseVersionId: row.courseVersionId,
      minutes,
      completedAt: row.completedAt,
      issuedAt: now,
      issuer: { slug: issuer.slug, name: issuer.name },
      statusIndex,
    },
    settings,
  )
  const inserted = await insertCertificate(trx, {
    id: certificateId,
    code,
    enrolmentId,
    issueNumber: 1,
    userId: row.userId,
    learnerName,
    language: row.language,
    courseId: row.courseId,
    courseVersionId: row.courseVersionId,
    courseVersionNumber: version.number,
    courseTitle,
    minutes,
    completedAt: row.completedAt,
    issuedAt: now,
    associationId: issuer.id,
    issuerName: issuer.name,
    clusterId: row.clusterId,
    trainers: await listTrainerNames(trx, row.clusterId, row.courseId),
    statusIndex,
    credential: jwt,
  })
  if (!inserted) return null
  const { transition } = await appendEvent(trx, row, { type: 'certificate.issued' }, null, {
    certificateId,
    code,
  })
  await recordAudit(trx, {
    action: 'certificate.issued',
    subject: row.userId,
    details: { code, enrolmentId, courseId: row.courseId },
  })
  return { certificateId, code, transition }
}

/** Issues and announces the transition to `certified` after the commit. */
export async function issueAndAnnounce(
  db: Db,
  bus: ProgressionBus,
  enrolmentId: string,
  now: Date,
  settings: CertificateSettings,
): Promise<Issued | null> {
  const issued = await issueCertificate(db, enrolmentId, now, settings)
  if (issued) await bus.publish([issued.transition])
  return issued
}

/**
 * The fast path: a progression bus listener that issues as soon as an enrolment reaches
 * `completed` (its own transaction after the completion's commit). Were it lost, the sweep
 * (`certificateIssueTask`) issues within a minute.
 */
export function issueOnCompletion(
  db: Db,
  bus: ProgressionBus,
  clock: Clock,
  settings: CertificateSettings,
) {
  return async (transition: ProgressionTransition): Promise<void> => {
    if (transition.after !== 'completed' || transition.before === 'completed') return
    await issueAndAnnounce(db, bus, transition.enrolmentId, clock.now(), settings)
  }
}

const sweepBatch = 100

/**
 * The sweep, every minute on one replica: completed enrolments still without a certificate (a
 * crash between the completion's commit and the listener, a listener's failure) get theirs.
 */
export function certificateIssueTask(
  bus: ProgressionBus,
  clock: Clock,
  settings: CertificateSettings,
) {
  return {
    name: 'certificates-issue',
    everySeconds: 60,
    run: async (db: Db) => {
      let issued = 0
      const failures: unknown[] = []
      for (const enrolmentId of await listAwaitingEnrolments(db, sweepBatch)) {
        try {
          if (await issueAndAnnounce(db, bus, enrolmentId, clock.now(), settings)) issued++
        } catch (error) {
          failures.push(error)
        }
      }
      // One enrolment that cannot be issued must not hold up the others; the scheduler logs this.
      if (failures.length > 0)
        throw new Error(`${issued} issued, ${failures.length} failed`, { cause: failures[0] })
      return `${issued} issued`
    },
  }
}
