import type { Enrolment } from '@agora/server/contract'

/** The certificate of a completed enrolment as the learner's pages show it. */
export type LearnerCertificate = { state: 'pending' } | { state: 'valid' | 'revoked'; code: string }

type Issued = { code: string; status: 'valid' | 'revoked' | 'replaced' }

/**
 * What a completed enrolment's learner can do with its certificate: download and share it, or
 * wait while it is being issued (completion issues it within a minute), or learn it was revoked.
 * A replaced certificate stays reachable through its verification page, which names the new one;
 * the enrolment names its newest certificate, so a learner rarely sees one.
 */
export function learnerCertificate(
  enrolment: Pick<Enrolment, 'status'> & { certificate?: Issued | null },
): LearnerCertificate | null {
  if (enrolment.status !== 'completed') return null
  const issued = enrolment.certificate
  if (!issued) return { state: 'pending' }
  return { state: issued.status === 'revoked' ? 'revoked' : 'valid', code: issued.code }
}
