import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import { recordAudit } from '../audit/service.ts'
import type { Database } from '../db/schema.ts'
import type { ServiceContext } from '../http/context.ts'
import { Problem } from '../http/problem.ts'
import { newCode, normaliseCode } from './codes.ts'
import { type CertificateSettings, signCertificate } from './issue.ts'
import {
  findAssociationSlug,
  findCertificateByCode,
  insertCertificate,
  lockCertificate,
  nextStatusIndex,
  updateRevoked,
} from './queries.ts'
import type { Certificate, ReissueBody, RevocationBody } from './schemas.ts'
import { mayManage, viewCertificate } from './views.ts'

/** The reason a re-issue gives the certificate it replaces. */
export const replacedReason = 'replaced'

/**
 * Locks the certificate for a change by its issuing association's coordinators or an admin: its
 * holder may see it but not change it (403), anyone else finds nothing (404).
 */
async function lockForStaff(trx: Transaction<Database>, ctx: ServiceContext, input: string) {
  const code = normaliseCode(input)
  const row = code ? await lockCertificate(trx, code) : undefined
  const full = row && code ? await findCertificateByCode(trx, code) : undefined
  if (!row || !full) throw Problem.notFound('No such certificate.')
  if (!mayManage(ctx.actor, row)) {
    if (full.userId === ctx.actor.id)
      throw Problem.forbidden('Only staff of the issuing association may change a certificate.')
    throw Problem.notFound('No such certificate.')
  }
  return full
}

function conflict(row: { replacedById: string | null }): Problem {
  const reason = row.replacedById ? 'replaced' : 'revoked'
  return new Problem(
    409,
    'conflict',
    'Conflict',
    row.replacedById
      ? 'The certificate was replaced by a re-issue.'
      : 'The certificate is revoked already.',
    { reason },
  )
}

async function reread(trx: Transaction<Database>, code: string): Promise<Certificate> {
  return viewCertificate((await findCertificateByCode(trx, code))!)
}

/** Revokes a valid certificate with a reason (audited); its status list bit is set from then on. */
export async function revokeCertificate(
  ctx: ServiceContext,
  code: string,
  body: RevocationBody,
  now: Date,
): Promise<Certificate> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockForStaff(trx, ctx, code)
    if (row.revokedAt) throw conflict(row)
    const reason = body.reason.trim()
    await updateRevoked(trx, row.id, { at: now, reason, by: ctx.actor.id })
    await recordAudit(trx, {
      action: 'certificate.revoked',
      actorId: ctx.actor.id,
      subject: row.userId,
      ip: ctx.ip,
      details: { code: row.code, reason },
    })
    return reread(trx, row.code)
  })
}

/**
 * Re-issues a valid certificate under a corrected name: a new row (the next issue number, a new
 * code, status index and credential) with what the old one said, as issued; the old one is revoked
 * as `replaced` and points to the new one, so its code leads there and its credential reports
 * revoked. Returns the new certificate.
 */
export async function reissueCertificate(
  ctx: ServiceContext,
  code: string,
  body: ReissueBody,
  now: Date,
  settings: CertificateSettings,
): Promise<Certificate> {
  return ctx.db.transaction().execute(async (trx) => {
    const old = await lockForStaff(trx, ctx, code)
    if (old.revokedAt) throw conflict(old)
    const learnerName = body.learnerName.trim()
    const id = randomUUID()
    const newCodeValue = newCode()
    const statusIndex = await nextStatusIndex(trx)
    const issuerSlug = old.associationId ? await findAssociationSlug(trx, old.associationId) : null
    const jwt = await signCertificate(
      trx,
      {
        id,
        code: newCodeValue,
        learnerName,
        language: old.language,
        courseVersionId: old.courseVersionId,
        minutes: old.minutes,
        completedAt: old.completedAt,
        issuedAt: now,
        issuer: { slug: issuerSlug, name: old.issuerName },
        statusIndex,
      },
      settings,
    )
    const inserted = await insertCertificate(trx, {
      id,
      code: newCodeValue,
      enrolmentId: old.enrolmentId,
      issueNumber: old.issueNumber + 1,
      userId: old.userId,
      learnerName,
      language: old.language,
      courseId: old.courseId,
      courseVersionId: old.courseVersionId,
      courseVersionNumber: old.courseVersionNumber,
      courseTitle: old.courseTitle,
      minutes: old.minutes,
      completedAt: old.completedAt,
      issuedAt: now,
      associationId: old.associationId,
      issuerName: old.issuerName,
      clusterId: old.clusterId,
      trainers: old.trainers,
      statusIndex,
      credential: jwt,
    })
    // The old row is locked and valid, so no other issue with this number can exist.
    if (!inserted) throw new Error(`certificate ${old.code}: issue ${old.issueNumber + 1} exists`)
    await updateRevoked(trx, old.id, {
      at: now,
      reason: replacedReason,
      by: ctx.actor.id,
      replacedById: id,
    })
    await recordAudit(trx, {
      action: 'certificate.reissued',
      actorId: ctx.actor.id,
      subject: old.userId,
      ip: ctx.ip,
      details: { code: old.code, newCode: newCodeValue },
    })
    return reread(trx, newCodeValue)
  })
}
