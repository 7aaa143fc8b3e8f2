import { error } from '@sveltejs/kit'
import type { Certificate } from '@agora/server/contract'
import { normaliseCode } from '$lib/certificates/code'
import { m } from '$lib/paraglide/messages'

type Status = Certificate['status']

const statusLabels: Record<Status, () => string> = {
  valid: m.certificate_status_valid,
  revoked: m.certificate_status_revoked,
  replaced: m.certificate_status_replaced,
}

export function statusLabel(status: Status): string {
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

/** Why a certificate cannot be changed any more: the API's 409 says whether it was replaced. */
export function conflictMessage(problem: Record<string, unknown>): string {
  return problem.reason === 'replaced'
    ? m.certificate_conflict_replaced()
    : m.certificate_conflict_revoked()
}

/** The longest revocation reason the API takes (RevocationBody). */
export const maxReasonLength = 500
