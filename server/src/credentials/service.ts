// What credentials offer other features (certificates signs and verifies through these): Open
// Badges 3.0 credentials as VC-JWT (Ed25519 / EdDSA), the Bitstring Status List credential, the
// verification of a credential JWT, and the signing key kept in `signing_keys`.
//
// Every function takes `CredentialSettings` (built once from the configuration by
// `credentialSettings(config)`, kept on the app as `app.credentialSettings`): the public origin
// the issuer DIDs are built from and the AES key that opens the stored private keys. The secret is
// never read from a global, so two apps in one process (tests) keep their own.
import { compactVerify, decodeJwt, decodeProtectedHeader, SignJWT } from 'jose'
import { type Config, publicOrigin } from '../config.ts'
import { localSecret } from '../http/local-secret.ts'
import type { Db } from '../db/create-db.ts'
import { associationBySlug } from '../organisations/service.ts'
import {
  deriveEncryptionKey,
  generateKeyPair,
  KeyUnsealError,
  openPrivateKey,
  publicKeyOf,
} from './crypto.ts'
import { parseIssuerDid, platformDid, verificationMethodId } from './did.ts'
import { achievementCredential, statusListCredential } from './documents.ts'
import { findActiveKey, findKey, insertActiveKey } from './queries.ts'

export { listSigningKeys, publishedKeys, rotateSigningKey } from './keys.ts'

/** The configuration the credentials feature works with (see `credentialSettings`). */
export interface CredentialSettings {
  /** The public origin, e.g. https://agora.example.org: the did:web host and the links. */
  readonly origin: string
  /** AES-256-GCM key (32 bytes, HKDF-SHA256 of CREDENTIAL_KEY) that encrypts the private keys. */
  readonly encryptionKey: Uint8Array
}

/** Text per language tag, e.g. `{ en: 'Civic basics', 'sr-Latn': 'Osnove građanstva' }`. */
export type LanguageMap = Record<string, string>

/** What a certificate's Open Badges credential says (certificates builds it at issue). */
export interface AchievementCredentialInput {
  certificateId: string
  /** The verification code, as shown (XXXX-XXXX-XXXX). */
  code: string
  learnerName: string
  /** The learner's language: the credential's `name` and the achievement's primary language. */
  language: string
  courseSlug: string
  courseTitles: LanguageMap
  courseDescriptions: LanguageMap
  criteria: LanguageMap
  courseVersionNumber: number
  hours: number
  completedAt: Date
  issuedAt: Date
  /** The issuing association (slug → did:web:<host>:issuers:<slug>), or the platform (slug null). */
  issuer: { slug: string | null; name: string; url?: string }
  statusIndex: number
  /** The status list credential's URL, e.g. <origin>/api/v1/credentials/status/0. */
  statusListUrl: string
}

/** A JSON object as signed (the VC-JWT's payload). */
export type CredentialJson = Record<string, unknown>

export interface SignedCredential {
  /** The compact JWS (header.payload.signature), `typ: vc+jwt`. */
  jwt: string
  /** The credential as signed (the JWT's payload without the registered claims). */
  credential: CredentialJson
  /** The signing key's kid (without the DID). */
  kid: string
}

export interface StatusListInput {
  /** The URL the list credential is served at (also its id). */
  listUrl: string
  purpose: 'revocation'
  /** The packed bitstring: STATUS_LIST_BYTES bytes, bit 0 the left-most bit of byte 0. */
  bits: Uint8Array
}

export interface CredentialCheck {
  /** The signature is valid under one of our keys (active or retired), named by the header's kid. */
  signature: boolean
  /** The `iss` / `issuer.id` is a DID this installation serves, and the kid is under it. */
  issuer: boolean
  /** The payload, decoded even when a check fails (null when the JWT is not one). */
  payload: CredentialJson | null
  /** The kid without the DID (null when the header names none). */
  kid: string | null
  /** `validUntil` / `exp` lies before `now`. */
  expired: boolean
}

/** Entries in one Bitstring Status List (the specification's minimum, 16 kB). */
export const STATUS_LIST_SIZE = 131_072
export const STATUS_LIST_BYTES = STATUS_LIST_SIZE / 8

/** The settings from the configuration: the public origin and the AES key from CREDENTIAL_KEY. */
export function credentialSettings(config: Config): CredentialSettings {
  const secret =
    config.CREDENTIAL_KEY ??
    (config.NODE_ENV === 'production' || !config.JWT_SECRET
      ? undefined
      : // Tests and throwaway builds (no data dir file): a key of its own, derived from JWT_SECRET.
        `credential-key-derived-from-jwt-secret:${config.JWT_SECRET}`)
  if (!secret) throw new Error('buildApp needs config.CREDENTIAL_KEY')
  return Object.freeze({ origin: publicOrigin(config), encryptionKey: deriveEncryptionKey(secret) })
}

/** Without CREDENTIAL_KEY (allowed outside production), a key kept beside the embedded database. */
export const localCredentialKey = (dataDir: string): string =>
  localSecret(dataDir, 'credential-key')

/** Thrown at start when the stored signing key does not open with the configured CREDENTIAL_KEY. */
export class CredentialKeyError extends Error {
  override name = 'CredentialKeyError'
}

/**
 * The active signing key, created when there is none (first start); safe when replicas start
 * together: the partial unique index lets one insert win, the others read the winner. Fails loudly
 * (CredentialKeyError) when the stored key cannot be opened with the configured key.
 */
export async function ensureSigningKey(
  db: Db,
  settings: CredentialSettings,
  now: Date,
): Promise<{ kid: string; created: boolean }> {
  let active = await findActiveKey(db)
  let created = false
  if (!active) {
    const pair = generateKeyPair(settings.encryptionKey, now)
    created = await insertActiveKey(db, {
      kid: pair.kid,
      publicJwk: pair.publicJwk,
      privateKey: pair.sealedPrivateKey,
      now,
    })
    active = await findActiveKey(db)
    if (!active) throw new Error('no active signing key after creating one')
  }
  try {
    openPrivateKey(active.privateKey, settings.encryptionKey, active.kid)
  } catch (error) {
    if (!(error instanceof KeyUnsealError)) throw error
    throw new CredentialKeyError(
      `CREDENTIAL_KEY does not open the signing key ${active.kid} stored in the database: set the ` +
        'CREDENTIAL_KEY that sealed it (the same on every replica); a new value cannot read the existing keys',
    )
  }
  return { kid: active.kid, created }
}

/**
 * At start (the app's onReady): ensureSigningKey, failing on a wrong CREDENTIAL_KEY; a database
 * out of reach is only logged, so the app still starts and its health check says so (the key is
 * then created, and checked, at the first signing).
 */
export async function checkSigningKeyAtStart(
  db: Db,
  settings: CredentialSettings,
  now: Date,
  log: { error(object: object, message: string): void },
): Promise<void> {
  try {
    await ensureSigningKey(db, settings, now)
  } catch (error) {
    if (error instanceof CredentialKeyError) throw error
    log.error({ err: error }, 'the credential signing key could not be checked at start')
  }
}

/** The active key, ready to sign; created first when there is none (see ensureSigningKey). */
async function activeSigner(db: Db, settings: CredentialSettings) {
  let row = await findActiveKey(db)
  if (!row) {
    await ensureSigningKey(db, settings, new Date())
    row = await findActiveKey(db)
    if (!row) throw new Error('no active signing key')
  }
  return { kid: row.kid, key: openPrivateKey(row.privateKey, settings.encryptionKey, row.kid) }
}

async function signJwt(
  db: Db,
  settings: CredentialSettings,
  credential: CredentialJson,
  claims: { iss: string; jti: string; sub?: string; iat: Date },
): Promise<{ jwt: string; kid: string }> {
  const signer = await activeSigner(db, settings)
  const seconds = Math.floor(claims.iat.getTime() / 1000)
  const jwt = await new SignJWT({
    ...credential,
    iss: claims.iss,
    jti: claims.jti,
    ...(claims.sub ? { sub: claims.sub } : {}),
    iat: seconds,
    nbf: seconds,
  })
    .setProtectedHeader({
      alg: 'EdDSA',
      typ: 'vc+jwt',
      kid: verificationMethodId(claims.iss, signer.kid),
    })
    .sign(signer.key)
  return { jwt, kid: signer.kid }
}

/** Signs a certificate's OpenBadgeCredential with the active key. */
export async function signAchievementCredential(
  db: Db,
  input: AchievementCredentialInput,
  settings: CredentialSettings,
): Promise<SignedCredential> {
  const credential = achievementCredential(input, settings.origin)
  const issuer = credential.issuer as { id: string }
  const { jwt, kid } = await signJwt(db, settings, credential, {
    iss: issuer.id,
    jti: credential.id as string,
    iat: input.issuedAt,
  })
  return { jwt, credential, kid }
}

/** Signs a BitstringStatusListCredential (the platform issuer) with the active key. */
export async function signStatusListCredential(
  db: Db,
  input: StatusListInput,
  settings: CredentialSettings,
  now: Date = new Date(),
): Promise<{ jwt: string; credential: CredentialJson }> {
  if (input.bits.length !== STATUS_LIST_BYTES)
    throw new RangeError(`a status list is ${STATUS_LIST_BYTES} bytes, not ${input.bits.length}`)
  const credential = statusListCredential(input, settings.origin, now)
  const { jwt } = await signJwt(db, settings, credential, {
    iss: platformDid(settings.origin),
    jti: input.listUrl,
    iat: now,
  })
  return { jwt, credential }
}

const registeredClaims = new Set(['iss', 'jti', 'sub', 'iat', 'nbf', 'exp'])

/** The credential of a VC-JWT payload: the payload without the JWT's registered claims. */
export function credentialOfPayload(payload: CredentialJson): CredentialJson {
  return Object.fromEntries(Object.entries(payload).filter(([name]) => !registeredClaims.has(name)))
}

/** The header and payload of a compact JWS, unverified (null when it is not one). */
function decodeJws(
  jwt: string,
): { header: Record<string, unknown>; payload: CredentialJson } | null {
  try {
    const header = decodeProtectedHeader(jwt) as Record<string, unknown>
    const payload = decodeJwt(jwt) as CredentialJson
    return { header, payload }
  } catch {
    return null
  }
}

/** Checks a VC-JWT against our keys and issuers; never throws for a bad JWT. */
export async function verifyCredentialJwt(
  db: Db,
  jwt: string,
  settings: CredentialSettings,
  now: Date = new Date(),
): Promise<CredentialCheck> {
  const decoded = decodeJws(jwt.trim())
  if (!decoded) return { signature: false, issuer: false, payload: null, kid: null, expired: false }
  const { header, payload } = decoded
  const headerKid = typeof header.kid === 'string' ? header.kid : ''
  const hash = headerKid.lastIndexOf('#')
  const did = hash >= 0 ? headerKid.slice(0, hash) : ''
  const kid = hash >= 0 ? headerKid.slice(hash + 1) : headerKid || null

  const row = kid ? await findKey(db, kid) : undefined
  let signature = false
  if (row && header.alg === 'EdDSA') {
    try {
      await compactVerify(jwt.trim(), publicKeyOf(row.publicJwk), { algorithms: ['EdDSA'] })
      signature = true
    } catch {
      signature = false
    }
  }

  const iss = typeof payload.iss === 'string' ? payload.iss : undefined
  const issuerField = payload.issuer
  const issuerId =
    typeof issuerField === 'string'
      ? issuerField
      : typeof (issuerField as { id?: unknown } | undefined)?.id === 'string'
        ? (issuerField as { id: string }).id
        : undefined
  let issuer = false
  if (issuerId && (iss === undefined || iss === issuerId) && did === issuerId) {
    const named = parseIssuerDid(settings.origin, issuerId)
    issuer =
      named?.kind === 'platform' ||
      (named?.kind === 'association' && (await associationBySlug(db, named.slug)) !== undefined)
  }

  const validUntil = typeof payload.validUntil === 'string' ? Date.parse(payload.validUntil) : NaN
  const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : NaN
  const expired =
    (!Number.isNaN(validUntil) && validUntil < now.getTime()) ||
    (!Number.isNaN(exp) && exp < now.getTime())
  return { signature, issuer, payload, kid, expired }
}

/** The packed bitstring with the given indices set (each below STATUS_LIST_SIZE). */
export function statusListBits(indices: Iterable<number>): Uint8Array {
  const bits = new Uint8Array(STATUS_LIST_BYTES)
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0 || index >= STATUS_LIST_SIZE)
      throw new RangeError(`status list index ${index} is outside 0..${STATUS_LIST_SIZE - 1}`)
    bits[index >> 3]! |= 0x80 >> (index & 7)
  }
  return bits
}
