import type { Db } from '../db/create-db.ts'
import { normaliseCode } from './codes.ts'
import type { CertificateDocument } from './pdf.ts'
import { findCertificateByCode } from './queries.ts'
import { hoursOf, statusOf } from './status.ts'

/** What the PDF shows, with what its route checks access by (holder, issuing association). */
export type CertificateDocumentOf = CertificateDocument & {
  id: string
  userId: string
  associationId: string | null
}

/**
 * The certificate as issued, for the PDF; undefined for a code that names none. The caller checks
 * access (`mayManage`, or the holder) and answers 404 otherwise.
 */
export async function certificateDocument(
  db: Db,
  input: string,
  origin: string,
): Promise<CertificateDocumentOf | undefined> {
  const code = normaliseCode(input)
  const row = code ? await findCertificateByCode(db, code) : undefined
  if (!row) return undefined
  return {
    id: row.id,
    userId: row.userId,
    associationId: row.associationId,
    code: row.code,
    learnerName: row.learnerName,
    language: row.language,
    courseTitle: row.courseTitle,
    courseVersionNumber: row.courseVersionNumber,
    hours: hoursOf(row.minutes),
    completedAt: row.completedAt,
    issuerName: row.issuerName,
    trainers: row.trainers,
    verificationUrl: `${origin}/verify/${row.code}`,
    status: statusOf(row),
  }
}
