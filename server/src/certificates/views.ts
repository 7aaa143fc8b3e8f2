import type { Db } from '../db/create-db.ts'
import { type Actor, hasRole } from '../http/auth.ts'
import type { ServiceContext } from '../http/context.ts'
import { type Page, pageOf } from '../http/pagination.ts'
import { Problem } from '../http/problem.ts'
import { normaliseCode } from './codes.ts'
import {
  type CertificateRow,
  findCertificateByCode,
  listCertificates,
  listCertificatesOfUser,
  listLatestOfEnrolments,
} from './queries.ts'
import type {
  Certificate,
  CertificatePage,
  CertificateSummary,
  ListCertificatesQuery,
} from './schemas.ts'
import { dayOf, hoursOf, type CertificateStatus, statusOf } from './status.ts'

export function summaryOf(row: CertificateRow): CertificateSummary {
  return {
    code: row.code,
    status: statusOf(row),
    learnerName: row.learnerName,
    courseSlug: row.courseSlug,
    courseTitle: row.courseTitle,
    courseVersion: row.courseVersionNumber,
    completedOn: dayOf(row.completedAt),
    issuedAt: row.issuedAt.toISOString(),
    hours: hoursOf(row.minutes),
    issuer: { name: row.issuerName },
  }
}

export function viewCertificate(row: CertificateRow): Certificate {
  const path = `/api/v1/certificates/${row.code}`
  return {
    ...summaryOf(row),
    language: row.language as Certificate['language'],
    trainers: row.trainers,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedReason: row.revokedReason,
    replacedBy: row.replacedByCode,
    links: {
      pdf: `${path}/certificate.pdf`,
      credential: `${path}/credential`,
      verification: `/verify/${row.code}`,
    },
  }
}

/** The issuing association's coordinators and admins: who may revoke and re-issue. */
export function mayManage(actor: Actor, row: { associationId: string | null }): boolean {
  if (hasRole(actor, 'admin')) return true
  return (
    hasRole(actor, 'coordinator') &&
    row.associationId !== null &&
    row.associationId === actor.associationId
  )
}

/**
 * The certificate for its holder, admins and coordinators of the issuing association; anyone
 * else gets 404, as for an unknown code, so a code tells a stranger nothing.
 */
export async function visibleCertificate(
  db: Db,
  actor: Actor,
  input: string,
): Promise<CertificateRow> {
  const code = normaliseCode(input)
  const row = code ? await findCertificateByCode(db, code) : undefined
  if (!row || (row.userId !== actor.id && !mayManage(actor, row)))
    throw Problem.notFound('No such certificate.')
  return row
}

export async function getCertificate(ctx: ServiceContext, code: string): Promise<Certificate> {
  return viewCertificate(await visibleCertificate(ctx.db, ctx.actor, code))
}

/** The person's own certificates, newest first, replaced ones included (they say so). */
export async function listMyCertificates(ctx: ServiceContext): Promise<Certificate[]> {
  return (await listCertificatesOfUser(ctx.db, ctx.actor.id)).map(viewCertificate)
}

/** Staff's list: admins every certificate (or one association's), coordinators their association's. */
export async function listStaffCertificates(
  ctx: ServiceContext,
  query: ListCertificatesQuery,
): Promise<CertificatePage> {
  const { actor } = ctx
  let associationId = query.association
  if (!hasRole(actor, 'admin')) {
    if (!actor.associationId)
      return { items: [], total: 0, limit: query.limit, offset: query.offset }
    associationId = actor.associationId
  }
  const page: Page<CertificateSummary> = await pageOf(
    query,
    (window) => listCertificates(ctx.db, { q: query.q, associationId, ...window }),
    summaryOf,
  )
  return page
}

/** Each enrolment's newest certificate, for the learner's enrolment list (registered with enrolments). */
export async function certificatesOfEnrolments(
  db: Db,
  enrolmentIds: readonly string[],
): Promise<Map<string, { code: string; status: CertificateStatus }>> {
  const rows = await listLatestOfEnrolments(db, enrolmentIds)
  return new Map(rows.map((row) => [row.enrolmentId, { code: row.code, status: statusOf(row) }]))
}
