import { error } from '@sveltejs/kit'
import { normaliseCode } from '$lib/certificates/code'
import { m } from '$lib/paraglide/messages'

// Until the certificates schemas land in the contract, the shapes of issue 15's agreed design.
export type CertificateStatus = 'valid' | 'revoked' | 'replaced'

/** A certificate as the staff list names it (GET /certificates). */
export interface CertificateSummary {
  code: string
  learnerName: string | null
  courseTitle: string
  completedOn: string
  issuer: { name: string }
  status: CertificateStatus
}

export interface CertificatePage {
  items: CertificateSummary[]
  total: number
  limit: number
  offset: number
}

/** One certificate for its holder and the staff who may change it (GET /certificates/:code). */
export interface Certificate extends CertificateSummary {
  courseVersion: number
  hours: number
  issuedAt: string
  language: string
  trainers: string[]
  revokedAt?: string | null
  revokedReason?: string | null
  replacedBy?: string | null
}

const statusLabels: Record<CertificateStatus, () => string> = {
  valid: m.certificate_status_valid,
  revoked: m.certificate_status_revoked,
  replaced: m.certificate_status_replaced,
}

export function statusLabel(status: CertificateStatus): string {
  return statusLabels[status]()
}

/**
 * The API path of a certificate named by its code, as printed or typed (see normaliseCode); an
 * address that cannot name one is not found without asking.
 */
export function certificatePath(typed: string): string {
  const code = normaliseCode(typed)
  if (!code) error(404, { message: m.problem_not_found() })
  return `/certificates/${encodeURIComponent(code)}`
}

/** Hours as the certificate states them ("1.5"), in the reader's language. */
export function formatHours(hours: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(hours)
}

/** The longest revocation reason the API takes. */
export const maxReasonLength = 500
