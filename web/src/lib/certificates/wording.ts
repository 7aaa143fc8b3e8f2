import type { CertificateVerification, CredentialVerification } from '@agora/server/contract'
import { formatDate } from '$lib/components/staff/format'
import { m } from '$lib/paraglide/messages'
import { getLocale } from '$lib/paraglide/runtime'

// What the verification pages say about a certificate and a checked credential, in the reader's
// language. Kept apart from the pages so the wording of each status is tested.

/** A day of the API (YYYY-MM-DD, a UTC date) or an instant, as a date in the reader's language. */
export function formatDay(day: string, locale: string = getLocale()): string {
  return formatDate(/^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00Z` : day, 'UTC', locale)
}

const hourFormats = new Map<string, Intl.NumberFormat>()

/** Hours rounded to the half hour by the API: "2.5" / "2,5". */
export function formatHours(hours: number, locale: string = getLocale()): string {
  let format = hourFormats.get(locale)
  if (!format)
    hourFormats.set(locale, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })))
  return format.format(hours)
}

export interface StatusWording {
  status: CertificateVerification['status']
  /** One word: Valid, Revoked, Replaced. */
  label: string
  /** The sentence under it. */
  text: string
  /** Revoked: why (shown as given by the staff member who revoked it). */
  reason: string | null
}

/** The status of a verified certificate in words: revoked says when and why. */
export function statusWording(verification: CertificateVerification): StatusWording {
  switch (verification.status) {
    case 'valid':
      return {
        status: 'valid',
        label: m.verify_status_valid(),
        text: m.verify_status_valid_text(),
        reason: null,
      }
    case 'revoked':
      return {
        status: 'revoked',
        label: m.verify_status_revoked(),
        text: m.verify_status_revoked_text({
          date: verification.revokedAt ? formatDay(verification.revokedAt) : '—',
        }),
        reason: verification.revokedReason
          ? m.verify_status_revoked_reason({ reason: verification.revokedReason })
          : null,
      }
    case 'replaced':
      return {
        status: 'replaced',
        label: m.verify_status_replaced(),
        text: m.verify_status_replaced_text(),
        reason: null,
      }
  }
}

type CheckName = keyof CredentialVerification['checks']

export interface CheckWording {
  name: CheckName
  label: string
  ok: boolean
  text: string
}

/**
 * The checks of an uploaded credential, each passed or failed, in words. A revocation status can
 * only be read from a credential that is ours and unaltered: without a good signature it is "could
 * not be checked", not "revoked", and it is not called expired either.
 */
export function checkWording(verification: CredentialVerification): CheckWording[] {
  const { checks } = verification
  const trusted = checks.signature && checks.issuer
  const rows: CheckWording[] = [
    {
      name: 'signature',
      label: m.verify_check_signature(),
      ok: checks.signature,
      text: checks.signature ? m.verify_check_signature_ok() : m.verify_check_signature_bad(),
    },
    {
      name: 'issuer',
      label: m.verify_check_issuer(),
      ok: checks.issuer,
      text: checks.issuer ? m.verify_check_issuer_ok() : m.verify_check_issuer_bad(),
    },
    {
      name: 'status',
      label: m.verify_check_status(),
      ok: trusted && checks.status,
      text: !trusted
        ? m.verify_check_status_unknown()
        : checks.status
          ? m.verify_check_status_ok()
          : m.verify_check_status_bad(),
    },
  ]
  // Agora's credentials do not expire; the row only appears when a trusted one says it has (the
  // dates of an altered credential are no more to be believed than its status).
  if (trusted && !checks.expiry)
    rows.push({
      name: 'expiry',
      label: m.verify_check_expiry(),
      ok: false,
      text: m.verify_check_expiry_bad(),
    })
  return rows
}

/** The verdict on an uploaded credential, one sentence. */
export function resultWording(result: CredentialVerification['result']): string {
  switch (result) {
    case 'valid':
      return m.verify_file_result_valid()
    case 'revoked':
      return m.verify_file_result_revoked()
    case 'invalid':
      return m.verify_file_result_invalid()
  }
}
