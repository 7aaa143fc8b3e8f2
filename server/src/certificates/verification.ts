import {
  type CredentialSettings,
  signStatusListCredential,
  statusListBits,
  verifyCredentialJwt,
} from '../credentials/service.ts'
import type { Db } from '../db/create-db.ts'
import { Problem } from '../http/problem.ts'
import { normaliseCode } from './codes.ts'
import {
  type CertificateRow,
  findCertificateByCode,
  findCertificateByStatusIndex,
  listRevokedIndexes,
  maxStatusIndex,
} from './queries.ts'
import type { CertificateVerification, CredentialVerification } from './schemas.ts'
import { dayOf, hoursOf, statusListSize, statusListUrlOf, statusOf } from './status.ts'

const unknownCertificate = () =>
  new Problem(404, 'not-found', 'Not found', 'No certificate has this code.')

/**
 * The public verification of a code: the certificate as issued (name, course, date, issuer,
 * hours) and its status, nothing else about the person. A code that cannot be one is refused
 * like an unknown one.
 */
export async function verifyCertificate(db: Db, input: string): Promise<CertificateVerification> {
  const code = normaliseCode(input)
  const row = code ? await findCertificateByCode(db, code) : undefined
  if (!row) throw unknownCertificate()
  return verificationOf(row)
}

function verificationOf(row: CertificateRow): CertificateVerification {
  const status = statusOf(row)
  return {
    status,
    code: row.code,
    learnerName: row.learnerName,
    courseTitle: row.courseTitle,
    courseVersion: row.courseVersionNumber,
    completedOn: dayOf(row.completedAt),
    issuer: { name: row.issuerName },
    hours: hoursOf(row.minutes),
    ...(status === 'revoked'
      ? { revokedAt: row.revokedAt!.toISOString(), revokedReason: row.revokedReason! }
      : {}),
    ...(status === 'replaced' ? { replacedBy: row.replacedByCode! } : {}),
  }
}

/**
 * The Bitstring Status List credential of list `list`, built from the revoked rows and signed by
 * credentials. Lists past the last issued index do not exist.
 */
export async function statusListCredential(
  db: Db,
  settings: CredentialSettings,
  list: number,
): Promise<string> {
  const highest = await maxStatusIndex(db)
  if (highest === null || list > Math.floor(highest / statusListSize))
    throw Problem.notFound('No such status list.')
  const from = list * statusListSize
  const revoked = await listRevokedIndexes(db, from, from + statusListSize)
  const { jwt } = await signStatusListCredential(
    db,
    {
      listUrl: statusListUrlOf(settings.origin, list),
      purpose: 'revocation',
      bits: statusListBits(revoked.map((index) => index - from)),
    },
    settings,
  )
  return jwt
}

/** The VC-JWT in what was uploaded: the token itself, or the JSON {jwt, credential} we hand out. */
function jwtOf(text: string): string | null {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed)
      const jwt = (parsed as { jwt?: unknown }).jwt
      return typeof jwt === 'string' ? jwt.trim() : null
    } catch {
      return null
    }
  }
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(trimmed) ? trimmed : null
}

interface StatusEntry {
  statusListIndex?: unknown
  statusListCredential?: unknown
}

/** The certificate a credential's status entry points at, when the list is one of ours. */
async function certificateOfStatus(db: Db, origin: string, payload: Record<string, unknown>) {
  const credential = (payload.vc ?? payload) as { credentialStatus?: StatusEntry }
  const entry = credential.credentialStatus
  if (!entry || typeof entry.statusListCredential !== 'string') return undefined
  const prefix = statusListUrlOf(origin, 0).replace(/0$/, '')
  if (!entry.statusListCredential.startsWith(prefix)) return undefined
  const list = Number(entry.statusListCredential.slice(prefix.length))
  const bit = Number(entry.statusListIndex)
  if (!Number.isSafeInteger(list) || !Number.isSafeInteger(bit) || bit < 0 || bit >= statusListSize)
    return undefined
  return findCertificateByStatusIndex(db, list * statusListSize + bit)
}

const invalid: CredentialVerification = {
  result: 'invalid',
  checks: { signature: false, issuer: false, status: false, expiry: false },
}

/**
 * Verifies an uploaded credential: the signature and issuer by credentials (one of our keys, a
 * DID we serve), expiry, and revocation by the status list's bit (a revoked or replaced
 * certificate's). What it names is said only for a credential whose signature holds.
 */
export async function verifyCredential(
  db: Db,
  settings: CredentialSettings,
  text: string,
  now: Date,
): Promise<CredentialVerification> {
  const jwt = jwtOf(text)
  if (!jwt) return invalid
  const verified = await verifyCredentialJwt(db, jwt, settings, now)
  if (!verified.signature || !verified.payload) return invalid
  const payload = verified.payload
  const row = await certificateOfStatus(db, settings.origin, payload)
  const revoked = row ? row.revokedAt !== null : false
  const checks = {
    signature: true,
    issuer: verified.issuer,
    status: row !== undefined && !revoked,
    expiry: !verified.expired,
  }
  const result =
    !checks.issuer || !checks.expiry || !row ? 'invalid' : revoked ? 'revoked' : 'valid'
  const subject = ((payload.vc ?? payload) as { credentialSubject?: { name?: unknown } })
    .credentialSubject
  return {
    result,
    checks,
    ...(row
      ? {
          code: row.code,
          learnerName: typeof subject?.name === 'string' ? subject.name : row.learnerName,
          courseTitle: row.courseTitle,
          completedOn: dayOf(row.completedAt),
          issuer: { name: row.issuerName },
        }
      : {}),
  }
}
