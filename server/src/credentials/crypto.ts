// The signing keys' material: Ed25519 key pairs from node:crypto, and the private key sealed with
// AES-256-GCM under a key derived (HKDF-SHA256) from CREDENTIAL_KEY. Pure: no database.
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto'

/** The public half as published (JWKS, DID documents): OKP / Ed25519, never `d`. */
export interface PublicJwk {
  kty: 'OKP'
  crv: 'Ed25519'
  x: string
  kid: string
  use: 'sig'
  alg: 'EdDSA'
}

const hkdfSalt = 'agora/credentials'
const hkdfInfo = 'signing-key-encryption/v1'

/** The 32-byte AES key for the stored private keys, from the configured secret. */
export function deriveEncryptionKey(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, hkdfSalt, hkdfInfo, 32))
}

/** `v1.<iv>.<tag>.<ciphertext>`, each base64url; the kid is bound as associated data. */
export function sealPrivateKey(pkcs8: Buffer, key: Uint8Array, kid: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(kid, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()])
  const tag = cipher.getAuthTag()
  return ['v1', iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.')
}

export class KeyUnsealError extends Error {
  override name = 'KeyUnsealError'
}

/** The private key of a stored row; throws KeyUnsealError when the AES key is not the one that sealed it. */
export function openPrivateKey(sealed: string, key: Uint8Array, kid: string): KeyObject {
  const [version, iv, tag, ciphertext, ...rest] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined || rest.length > 0)
    throw new KeyUnsealError(`signing key ${kid} is not stored in a format this version reads`)
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(kid, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    const pkcs8 = Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ])
    return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
  } catch {
    throw new KeyUnsealError(`signing key ${kid} does not open with this key`)
  }
}

export interface NewKeyPair {
  kid: string
  publicJwk: PublicJwk
  sealedPrivateKey: string
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** `key-<yyyymmdd>-<6 random Crockford base32>`, e.g. key-20261206-7QK2MZ. */
export function newKid(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '')
  const random = [...randomBytes(6)].map((byte) => crockford[byte & 31]).join('')
  return `key-${day}-${random}`
}

/** A fresh Ed25519 pair: the public JWK and the private key sealed under `key`. */
export function generateKeyPair(key: Uint8Array, now: Date): NewKeyPair {
  const kid = newKid(now)
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' })
  return {
    kid,
    publicJwk: publicJwkOf(publicKey, kid),
    sealedPrivateKey: sealPrivateKey(pkcs8, key, kid),
  }
}

export function publicJwkOf(publicKey: KeyObject, kid: string): PublicJwk {
  const jwk = publicKey.export({ format: 'jwk' })
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
    throw new Error('not an Ed25519 public key')
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, use: 'sig', alg: 'EdDSA' }
}

/** The public key of a published JWK (for verification). */
export function publicKeyOf(jwk: PublicJwk): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' })
}
