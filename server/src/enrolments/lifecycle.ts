import type { Transaction } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import { type CourseVersion, publishedVersion, requireCourseVersion } from '../courses/service.ts'
import type { Db } from '../db/create-db.ts'
import type { Database } from '../db/schema.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { preferredLanguageOf } from '../identity/service.ts'
import { initialProgress } from '../progression/index.ts'
import {
  findLiveEnrolment,
  insertEnrolment,
  lockClusterEnrolments,
  lockEnrolment,
  updateEnrolmentLanguage,
  updateWithdrawn,
} from './queries.ts'
import { forgetReadingAccess } from './reading.ts'
import type { EnrolBody, Enrolment } from './schemas.ts'
import { viewEnrolment, visibleEnrolment } from './views.ts'

function pickLanguage(
  version: CourseVersion,
  wanted: string | undefined,
  preferred: string | undefined,
): string {
  if (wanted) {
    if (!version.languages.includes(wanted)) {
      throw Problem.validation([
        {
          pointer: '/body/language',
          reason: 'not-allowed',
          detail: `the course is in ${version.languages.join(', ')}`,
        },
      ])
    }
    return wanted
  }
  return (
    [preferred, 'en'].find((tag) => tag && version.languages.includes(tag)) ?? version.languages[0]!
  )
}

interface NewEnrolment {
  userId: string
  version: CourseVersion
  language: string
  clusterId: string | null
  enrolledBy: string | null
}

/** Creates the enrolment at the start of the version's machine, unless a live one exists. */
async function createEnrolment(
  db: Db,
  input: NewEnrolment,
): Promise<{ id: string; created: boolean }> {
  const inserted = await insertEnrolment(db, {
    userId: input.userId,
    courseId: input.version.courseId,
    courseVersionId: input.version.id,
    language: input.language,
    clusterId: input.clusterId,
    enrolledBy: input.enrolledBy,
    progress: initialProgress(input.version.machine),
  })
  if (inserted) return { id: inserted.id, created: true }
  const live = await findLiveEnrolment(db, input.userId, input.version.courseId)
  return { id: live!.id, created: false }
}

/** Self-enrolment in a published course, pinned to its current version; enrolling twice returns the live one. */
export async function enrol(
  ctx: ServiceContext,
  body: EnrolBody,
): Promise<{ created: boolean; enrolment: Enrolment }> {
  const { db, actor } = ctx
  const version = await publishedVersion(db, body.courseSlug)
  const preferred = body.language ? undefined : await preferredLanguageOf(db, actor.id)
  const language = pickLanguage(version, body.language, preferred)
  const { id, created } = await createEnrolment(db, {
    userId: actor.id,
    version,
    language,
    clusterId: null,
    enrolledBy: actor.id,
  })
  const { row } = await visibleEnrolment(db, actor, id)
  return { created, enrolment: await viewEnrolment(db, row) }
}

/** Enrolment made by a learning cluster (coordinators); joins the transaction of the cluster change. */
export async function enrolThroughCluster(
  trx: Db,
  input: {
    userId: string
    courseSlug: string
    clusterId: string
    language?: string
    enrolledBy: string
  },
): Promise<{ id: string; created: boolean }> {
  const version = await publishedVersion(trx, input.courseSlug)
  const language = pickLanguage(version, input.language, undefined)
  return createEnrolment(trx, {
    userId: input.userId,
    version,
    language,
    clusterId: input.clusterId,
    enrolledBy: input.enrolledBy,
  })
}

/**
 * Withdraws the active enrolments a cluster made for a person who leaves it, with the reason, each
 * audited; joins the transaction of the cluster change. Returns their ids: after the commit the
 * caller forgets their reading access (`forgetReadingAccess`).
 */
export async function withdrawFromCluster(
  trx: Transaction<Database>,
  input: { clusterId: string; userId: string; reason: string; actorId: string; ip: string },
): Promise<string[]> {
  const rows = await lockClusterEnrolments(trx, input.clusterId, input.userId)
  const at = new Date()
  for (const { id } of rows) {
    await updateWithdrawn(trx, id, input.reason, at)
    await recordAudit(trx, {
      action: 'enrolment.withdrawn',
      actorId: input.actorId,
      subject: input.userId,
      ip: input.ip,
      details: { enrolmentId: id, reason: input.reason, clusterId: input.clusterId },
    })
  }
  return rows.map((row) => row.id)
}

/** Switching language keeps progress: the steps and quizzes of a version are the same in every language. */
export async function changeLanguage(
  ctx: ServiceContext,
  id: string,
  language: string,
): Promise<Enrolment> {
  const { db, actor } = ctx
  const { row, access } = await visibleEnrolment(db, actor, id)
  if (access !== 'learner' && access !== 'admin')
    throw Problem.forbidden('Only the learner can change the language of an enrolment.')
  const version = await requireCourseVersion(db, row.courseVersionId)
  pickLanguage(version, language, undefined)
  await updateEnrolmentLanguage(db, id, language)
  forgetReadingAccess(id)
  return viewEnrolment(db, { ...row, language })
}

/** Withdrawal by the learner, or by a coordinator or admin for them; the reason is kept and audited. */
export async function withdraw(
  ctx: ServiceContext,
  id: string,
  reason: string,
): Promise<Enrolment> {
  const { db, actor, ip } = ctx
  const { row, access } = await visibleEnrolment(db, actor, id)
  if (access === 'trainer')
    throw Problem.forbidden('Trainers cannot withdraw learners; a coordinator can.')
  const enrolment = await db.transaction().execute(async (trx) => {
    const locked = await lockEnrolment(trx, id)
    if (!locked || locked.status === 'withdrawn')
      throw new Problem(
        409,
        'conflict',
        'Already withdrawn',
        'This enrolment was already withdrawn.',
      )
    await updateWithdrawn(trx, id, reason, new Date())
    await recordAudit(trx, {
      action: 'enrolment.withdrawn',
      actorId: actor.id,
      subject: row.userId,
      ip,
      details: { enrolmentId: id, reason },
    })
    return viewEnrolment(trx, { ...locked, status: 'withdrawn', withdrawnReason: reason })
  })
  // This replica stops serving reads at once; others within their access cache's few seconds.
  forgetReadingAccess(id)
  return enrolment
}
