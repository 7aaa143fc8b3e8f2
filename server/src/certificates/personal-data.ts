import type { PersonalDataHolder } from '../identity/service.ts'
import { eraseCertificateNames, listPersonalCertificates } from './queries.ts'
import { dayOf, hoursOf, statusOf } from './status.ts'

/**
 * A person's certificates in their data export (with the signed credentials); erasure removes
 * the name and the credential, which names them, and keeps code, course, dates and issuer, so
 * the certificate stays verifiable without the person (DESIGN's security model).
 */
export const certificatePersonalData: PersonalDataHolder = {
  part: 'certificates',
  collect: async (db, userId) =>
    (await listPersonalCertificates(db, userId)).map((row) => ({
      code: row.code,
      status: statusOf(row),
      learnerName: row.learnerName,
      language: row.language,
      course: { slug: row.courseSlug, title: row.courseTitle, version: row.courseVersionNumber },
      completedOn: dayOf(row.completedAt),
      issuedAt: row.issuedAt.toISOString(),
      hours: hoursOf(row.minutes),
      issuer: { name: row.issuerName },
      trainers: row.trainers,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      revokedReason: row.revokedReason,
      credential: row.credential,
    })),
  erase: eraseCertificateNames,
}
