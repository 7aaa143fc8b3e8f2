// Issuer identities as did:web (https://w3c-ccg.github.io/did-method-web/): the platform is
// `did:web:<host>` (document at /.well-known/did.json), an association `did:web:<host>:issuers:<slug>`
// (document at /issuers/<slug>/did.json). A port in the host is written `%3A`. Pure.
import type { PublicJwk } from './crypto.ts'

/** The origin's host (with its port, if any) as a did:web method-specific id. */
export function platformDid(origin: string): string {
  return `did:web:${encodeURIComponent(new URL(origin).host)}`
}

export function associationDid(origin: string, slug: string): string {
  return `${platformDid(origin)}:issuers:${encodeURIComponent(slug)}`
}

/** The issuer DID of a credential: the association's, or the platform's when there is none. */
export function issuerDid(origin: string, slug: string | null): string {
  return slug === null ? platformDid(origin) : associationDid(origin, slug)
}

/** Which of our issuers a DID names: the platform, an association (by slug), or none of ours. */
export function parseIssuerDid(
  origin: string,
  did: string,
): { kind: 'platform' } | { kind: 'association'; slug: string } | undefined {
  const platform = platformDid(origin)
  if (did === platform) return { kind: 'platform' }
  const prefix = `${platform}:issuers:`
  if (!did.startsWith(prefix)) return undefined
  const rest = did.slice(prefix.length)
  if (rest === '' || rest.includes(':')) return undefined
  try {
    return { kind: 'association', slug: decodeURIComponent(rest) }
  } catch {
    return undefined
  }
}

/** The verification method id of a key under a DID (the JWS header's kid). */
export function verificationMethodId(did: string, kid: string): string {
  return `${did}#${kid}`
}

/** A DID document listing every key (active and retired) as a JsonWebKey assertion method. */
export function didDocument(did: string, keys: readonly PublicJwk[]) {
  const methods = keys.map((jwk) => ({
    id: verificationMethodId(did, jwk.kid),
    type: 'JsonWebKey' as const,
    controller: did,
    publicKeyJwk: jwk,
  }))
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((method) => method.id),
  }
}

/** The JWKS of every key (RFC 7517). */
export function jwks(keys: readonly PublicJwk[]) {
  return { keys: [...keys] }
}
