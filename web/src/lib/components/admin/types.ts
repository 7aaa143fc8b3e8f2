import type { User } from '$lib/api'
import type { Role } from './labels'

/** Shapes of the identity API (see the contract in the API's OpenAPI document). */
export interface Page<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}

/** A user as GET /users lists them: the same shape as the signed-in user. */
export type AdminUser = User

export interface Country {
  code: string
  name: string
}

export interface Association {
  id: string
  slug: string
  acronym: string
  name: string
  nameLocal: string | null
  countryCode: string | null
}

export interface Municipality {
  id: string
  name: string
  altNames: string[]
  officialCode: string | null
  countryCode: string
  association: { slug: string; acronym: string } | null
}

export interface Invitation {
  id: string
  email: string
  name: string
  roles: Role[]
  expiresAt: string
}

export interface AuditEvent {
  id: string
  at: string
  action: string
  actor: { id: string; email: string } | null
  subject: string | null
  ip: string | null
  details: Record<string, unknown>
}

export interface CsvReportRow {
  line: number
  label: string
  ok: boolean
  errors: string[]
}

/** The answer of a CSV dry run or import, rows reduced to what the report table shows. */
export interface CsvReport {
  dryRun: boolean
  valid: boolean
  created: number
  rows: CsvReportRow[]
}
