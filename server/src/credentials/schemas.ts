// Credentials' request and response schemas (issue 15): the signing keys for admins, and the
// issuer documents (JWKS, did:web) that verifiers read.
import Type, { type Static } from 'typebox'

const Timestamp = Type.String({ format: 'date-time' })

export const SigningKeySchema = Type.Object({
  kid: Type.String({ description: 'the key id; the DID verification method is `<did>#<kid>`' }),
  algorithm: Type.String({ description: 'JOSE algorithm (EdDSA, Ed25519)' }),
  createdAt: Timestamp,
  activatedAt: Timestamp,
  retiredAt: Type.Union([Timestamp, Type.Null()], {
    description: 'null for the active key; a retired key stays published',
  }),
  active: Type.Boolean(),
})
export type SigningKey = Static<typeof SigningKeySchema>

export const SigningKeyListSchema = Type.Object({
  items: Type.Array(SigningKeySchema, { description: 'every key, newest first' }),
})
export type SigningKeyList = Static<typeof SigningKeyListSchema>

export const RotationSchema = Type.Object({
  active: SigningKeySchema,
  retired: Type.Union([Type.String(), Type.Null()], {
    description: 'the kid of the key this rotation retired',
  }),
})
export type Rotation = Static<typeof RotationSchema>

export const PublicJwkSchema = Type.Object({
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String({ description: 'the public key, base64url' }),
  kid: Type.String(),
  use: Type.Literal('sig'),
  alg: Type.Literal('EdDSA'),
})

export const JwksSchema = Type.Object({
  keys: Type.Array(PublicJwkSchema, { description: 'every signing key, active and retired' }),
})

export const DidDocumentSchema = Type.Object({
  '@context': Type.Array(Type.String()),
  id: Type.String({ description: 'did:web:<host> or did:web:<host>:issuers:<association slug>' }),
  verificationMethod: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Type.Literal('JsonWebKey'),
      controller: Type.String(),
      publicKeyJwk: PublicJwkSchema,
    }),
  ),
  assertionMethod: Type.Array(Type.String()),
})

export const IssuerParams = Type.Object(
  { slug: Type.String({ minLength: 1, maxLength: 100, description: "the association's slug" }) },
  { additionalProperties: false },
)
