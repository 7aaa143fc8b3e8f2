// What credentials offer other features (certificates signs and verifies through these): Open
// Badges 3.0 credentials as VC-JWT (Ed25519 / EdDSA), the Bitstring Status List credential, the
// verification of a credential JWT, and the signing key kept in `signing_keys`.
//
// Every function takes `CredentialSettings` (built once from the configuration by
// `credentialSettings(config)`, kept on the app as `app.credentialSettings`): the public origin
// the issuer DIDs are built from and the AES key that opens the stored private keys. The secret is
// never read from a global, so two apps in one process (tests) keep their own.
import type { Db } from '../db/create-db.ts'

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

const unfinished = (): never => {
  throw new Error('credentials: not implemented yet')
}

/** The settings from the configuration (CREDENTIAL_KEY and the public origin). */
export function credentialSettings(_config: {
  CREDENTIAL_KEY?: string
  ORIGIN?: string
  PORT: number
}): CredentialSettings {
  return unfinished()
}

/**
 * The active signing key, created when there is none (first start); safe when replicas start
 * together. Fails loudly when the stored keys cannot be opened with the configured key.
 */
export async function ensureSigningKey(
  _db: Db,
  _settings: CredentialSettings,
  _now: Date,
): Promise<{ kid: string; created: boolean }> {
  return unfinished()
}

/** Signs a certificate's OpenBadgeCredential with the active key. */
export async function signAchievementCredential(
  _db: Db,
  _input: AchievementCredentialInput,
  _settings: CredentialSettings,
): Promise<SignedCredential> {
  return unfinished()
}

/** Signs a BitstringStatusListCredential (the platform issuer) with the active key. */
export async function signStatusListCredential(
  _db: Db,
  _input: StatusListInput,
  _settings: CredentialSettings,
): Promise<{ jwt: string; credential: CredentialJson }> {
  return unfinished()
}

/** Checks a VC-JWT against our keys and issuers; never throws for a bad JWT. */
export async function verifyCredentialJwt(
  _db: Db,
  _jwt: string,
  _settings: CredentialSettings,
  _now?: Date,
): Promise<CredentialCheck> {
  return unfinished()
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
