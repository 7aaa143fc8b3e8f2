// Where a certificate stands, in words and in the Bitstring Status List (W3C, "Bitstring Status
// List v1.0"): each list holds 131,072 bits (16 kB, the specification's minimum for herd
// privacy), so the certificate with status index i is bit i mod 131,072 of list floor(i / 131,072).

import { STATUS_LIST_SIZE } from '../credentials/service.ts'

export const statusListSize = STATUS_LIST_SIZE

export type CertificateStatus = 'valid' | 'revoked' | 'replaced'

export function statusOf(row: { revokedAt: Date | null; replacedById: string | null }) {
  if (row.replacedById) return 'replaced' as const
  return row.revokedAt ? ('revoked' as const) : ('valid' as const)
}

/** Hours as shown: the minutes in hours, rounded to the half hour. */
export function hoursOf(minutes: number): number {
  return Math.round(minutes / 30) / 2
}

export function statusPositionOf(statusIndex: number): { list: number; bit: number } {
  return { list: Math.floor(statusIndex / statusListSize), bit: statusIndex % statusListSize }
}

export function statusListUrlOf(origin: string, list: number): string {
  return `${origin}/api/v1/credentials/status/${list}`
}

/** The calendar day of an instant in UTC, YYYY-MM-DD. */
export const dayOf = (instant: Date) => instant.toISOString().slice(0, 10)
