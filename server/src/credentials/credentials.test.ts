import { createPublicKey, verify as cryptoVerify } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { ed25519 } from '@noble/curves/ed25519.js'
import type { FastifyInstance } from 'fastify'
import { describe, expect, inject } from 'vitest'
import { buildApp } from '../app.ts'
import type { DbHandle } from '../db/create-db.ts'
import { it } from '../testing/app.ts'
import { testConfig } from '../testing/config.ts'
import { openTestDatabase } from '../testing/db.ts'
import { bearer, createUser, tokenFor } from '../testing/factories.ts'
import type { PublicJwk } from './crypto.ts'
import {
  type AchievementCredentialInput,
  CredentialKeyError,
  credentialOfPayload,
  signAchievementCredential,
  signStatusListCredential,
  STATUS_LIST_SIZE,
  statusListBits,
  verifyCredentialJwt,
} from './service.ts'

const statusListUrl = 'http://localhost:3000/api/v1/credentials/status/0'

function sampleInput(
  overrides: Partial<AchievementCredentialInput> = {},
): AchievementCredentialInput {
  return {
    certificateId: '0b9d7a52-3c1e-4f51-9b7e-2f7c1d0a6e11',
    code: 'K7QM-4XTZ-9PRA',
    learnerName: 'Jelena Petrović',
    language: 'sr-Latn',
    courseSlug: 'civic-basics',
    courseTitles: { en: 'Civic basics', 'sr-Latn': 'Osnove građanstva' },
    courseDescriptions: {
      en: 'Rights, duties and the local self-government.',
      'sr-Latn': 'Prava, dužnosti i lokalna samouprava.',
    },
    criteria: {
      en: 'Completed every module of the course and passed its quizzes.',
      'sr-Latn': 'Završeni svi moduli kursa i položeni kvizovi.',
    },
    courseVersionNumber: 3,
    hours: 4.5,
    completedAt: new Date('2026-12-05T14:03:00Z'),
    issuedAt: new Date('2026-12-05T14:03:02Z'),
    issuer: { slug: 'skgo', name: 'Standing Conference of Towns and Municipalities' },
    statusIndex: 42,
    statusListUrl,
    ...overrides,
  }
}

function parts(jwt: string) {
  const [header, payload, signature] = jwt.split('.') as [string, string, string]
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, string>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >,
    signingInput: Buffer.from(`${header}.${payload}`, 'ascii'),
    signature: Buffer.from(signature, 'base64url'),
  }
}

async function publishedJwks(app: FastifyInstance): Promise<PublicJwk[]> {
  const response = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
  expect(response.statusCode).toBe(200)
  return (response.json() as { keys: PublicJwk[] }).keys
}

/** Verifies with Node's crypto (OpenSSL) and with @noble/curves (pure JS): never with jose. */
async function verifiesIndependently(app: FastifyInstance, jwt: string): Promise<boolean> {
  const { header, signingInput, signature } = parts(jwt)
  const kid = header.kid!.split('#').at(-1)
  const jwk = (await publishedJwks(app)).find((key) => key.kid === kid)
  if (!jwk) return false
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x },
    format: 'jwk',
  })
  const byNode = cryptoVerify(null, signingInput, publicKey, signature)
  const byNoble = ed25519.verify(
    new Uint8Array(signature),
    new Uint8Array(signingInput),
    new Uint8Array(Buffer.from(jwk.x, 'base64url')),
  )
  expect(byNoble).toBe(byNode)
  return byNode
}

function tamper(jwt: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string]
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  change(decoded)
  return `${header}.${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${signature}`
}

describe('Open Badges credentials (VC-JWT, EdDSA)', () => {
  it('signs an OpenBadgeCredential that another Ed25519 implementation verifies', async ({
    app,
  }) => {
    const signed = await signAchievementCredential(app.db, sampleInput(), app.credentialSettings)
    const { header, payload } = parts(signed.jwt)
    expect(header).toEqual({
      alg: 'EdDSA',
      typ: 'vc+jwt',
      kid: `did:web:localhost%3A3000:issuers:skgo#${signed.kid}`,
    })
    expect(payload.iss).toBe('did:web:localhost%3A3000:issuers:skgo')
    expect(payload.jti).toBe('http://localhost:3000/verify/K7QM-4XTZ-9PRA')
    expect(payload.iat).toBe(Date.parse('2026-12-05T14:03:02Z') / 1000)
    expect(credentialOfPayload(payload)).toEqual(signed.credential)
    expect(await verifiesIndependently(app, signed.jwt)).toBe(true)

    const check = await verifyCredentialJwt(app.db, signed.jwt, app.credentialSettings)
    expect(check).toMatchObject({ signature: true, issuer: true, kid: signed.kid, expired: false })
  })

  it('says what it signs: VCDM 2.0 contexts, the issuer profile, the achievement, the status entry', async ({
    app,
  }) => {
    const { credential } = await signAchievementCredential(
      app.db,
      sampleInput(),
      app.credentialSettings,
    )
    expect(credential).toMatchObject({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: {
        id: 'did:web:localhost%3A3000:issuers:skgo',
        type: ['Profile'],
        name: 'Standing Conference of Towns and Municipalities',
      },
      validFrom: '2026-12-05T14:03:02.000Z',
      name: 'Osnove građanstva',
      credentialSubject: {
        type: ['AchievementSubject'],
        name: 'Jelena Petrović',
        achievement: {
          id: 'http://localhost:3000/courses/civic-basics',
          type: ['Achievement'],
          achievementType: 'Course',
          name: 'Osnove građanstva',
          description: 'Prava, dužnosti i lokalna samouprava.',
          criteria: { narrative: 'Završeni svi moduli kursa i položeni kvizovi.' },
          inLanguage: 'sr-Latn',
        },
      },
      credentialStatus: {
        id: `${statusListUrl}#42`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '42',
        statusListCredential: statusListUrl,
      },
    })
    // The course's other languages, as 1EdTech's localisation example carries them.
    const items = (credential.localizationData as { local: { items: unknown[] } }).local.items
    expect(items).toContainEqual({
      select: '$.credentialSubject.achievement.criteria.narrative',
      apply: [
        { language: 'en', value: 'Completed every module of the course and passed its quizzes.' },
      ],
    })
    // The platform issues when there is no association.
    const platform = await signAchievementCredential(
      app.db,
      sampleInput({ issuer: { slug: null, name: 'Agora' } }),
      app.credentialSettings,
    )
    expect(platform.credential.issuer).toMatchObject({ id: 'did:web:localhost%3A3000' })
    expect(await verifyCredentialJwt(app.db, platform.jwt, app.credentialSettings)).toMatchObject({
      signature: true,
      issuer: true,
    })
  })

  it('fails a tampered credential, a foreign issuer and a JWT that is none', async ({ app }) => {
    const { jwt } = await signAchievementCredential(app.db, sampleInput(), app.credentialSettings)
    const renamed = tamper(jwt, (payload) => {
      ;(payload.credentialSubject as { name: string }).name = 'Someone Else'
    })
    expect(await verifiesIndependently(app, renamed)).toBe(false)
    expect(await verifyCredentialJwt(app.db, renamed, app.credentialSettings)).toMatchObject({
      signature: false,
    })
    // The signature holds, but the issuer is not one we serve (an association that does not exist).
    const { jwt: unknownIssuer } = await signAchievementCredential(
      app.db,
      sampleInput({ issuer: { slug: 'no-such-association', name: 'Nobody' } }),
      app.credentialSettings,
    )
    expect(await verifyCredentialJwt(app.db, unknownIssuer, app.credentialSettings)).toMatchObject({
      signature: true,
      issuer: false,
    })
    expect(await verifyCredentialJwt(app.db, 'not.a.jwt', app.credentialSettings)).toEqual({
      signature: false,
      issuer: false,
      payload: null,
      kid: null,
      expired: false,
    })
  })
})

describe('Bitstring Status List', () => {
  it('publishes 131,072 bits, GZIP and multibase base64url, with the chosen bits set', async ({
    app,
  }) => {
    const revoked = [0, 7, 8, 42, 131_071]
    const listUrl = statusListUrl
    const { jwt, credential } = await signStatusListCredential(
      app.db,
      { listUrl, purpose: 'revocation', bits: statusListBits(revoked) },
      app.credentialSettings,
      new Date('2026-12-06T00:00:00Z'),
    )
    expect(credential).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: listUrl,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:localhost%3A3000',
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' },
    })
    expect(await verifiesIndependently(app, jwt)).toBe(true)
    const encoded = (parts(jwt).payload.credentialSubject as { encodedList: string }).encodedList
    expect(encoded[0]).toBe('u')
    expect(encoded).not.toMatch(/[=+/]/)
    const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'))
    expect(bits.length * 8).toBe(STATUS_LIST_SIZE)
    const set = (index: number) => ((bits[index >> 3]! >> (7 - (index & 7))) & 1) === 1
    for (const index of revoked) expect(set(index), `bit ${index}`).toBe(true)
    for (const index of [1, 6, 9, 41, 43, 131_070]) expect(set(index), `bit ${index}`).toBe(false)
    expect(bits[0]).toBe(0b1000_0001) // bits 0 and 7: the left-most bit of byte 0 is index 0
    expect(() => statusListBits([STATUS_LIST_SIZE])).toThrow(RangeError)
  })
})

describe('signing keys: rotation, publication, storage', () => {
  it('keeps credentials of a retired key verifiable and signs new ones with the new key', async ({
    app,
  }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const before = await signAchievementCredential(app.db, sampleInput(), app.credentialSettings)

    const rotation = await app.inject({
      method: 'POST',
      url: '/api/v1/signing-keys/rotation',
      headers: bearer(tokenFor(app, admin)),
    })
    expect(rotation.statusCode, rotation.body).toBe(201)
    const rotated = rotation.json() as { active: { kid: string }; retired: string }
    expect(rotated.retired).toBe(before.kid)
    expect(rotated.active.kid).not.toBe(before.kid)

    const after = await signAchievementCredential(app.db, sampleInput(), app.credentialSettings)
    expect(after.kid).toBe(rotated.active.kid)
    expect(await verifiesIndependently(app, before.jwt)).toBe(true)
    expect(await verifiesIndependently(app, after.jwt)).toBe(true)
    for (const jwt of [before.jwt, after.jwt])
      expect(await verifyCredentialJwt(app.db, jwt, app.credentialSettings)).toMatchObject({
        signature: true,
        issuer: true,
      })

    // Both keys in the JWKS and as assertion methods of the platform's and the association's DID.
    const kids = (await publishedJwks(app)).map((key) => key.kid)
    expect(kids).toEqual(expect.arrayContaining([before.kid, after.kid]))
    for (const [url, did] of [
      ['/.well-known/did.json', 'did:web:localhost%3A3000'],
      ['/issuers/skgo/did.json', 'did:web:localhost%3A3000:issuers:skgo'],
    ] as const) {
      const response = await app.inject({ method: 'GET', url })
      expect(response.statusCode).toBe(200)
      expect(response.headers['cache-control']).toBe('public, max-age=300')
      const document = response.json() as {
        id: string
        verificationMethod: { id: string; type: string; controller: string }[]
        assertionMethod: string[]
      }
      expect(document.id).toBe(did)
      expect(document.assertionMethod).toEqual(
        expect.arrayContaining([`${did}#${before.kid}`, `${did}#${after.kid}`]),
      )
      expect(document.verificationMethod.every((method) => method.type === 'JsonWebKey')).toBe(true)
    }

    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/signing-keys',
      headers: bearer(tokenFor(app, admin)),
    })
    expect(list.statusCode).toBe(200)
    const items = (list.json() as { items: { kid: string; retiredAt: string | null }[] }).items
    expect(items.filter((key) => key.retiredAt === null).map((key) => key.kid)).toEqual([after.kid])
    const audit = await app.db
      .selectFrom('auditEvents')
      .select(['actorId', 'details'])
      .where('action', '=', 'signing-key.rotated')
      .execute()
    expect(audit).toEqual([
      { actorId: admin.id, details: { retired: before.kid, active: after.kid } },
    ])
  })

  it('answers 404 for the DID document of an association that does not exist', async ({ app }) => {
    const response = await app.inject({
      method: 'GET',
      url: '/issuers/no-such-association/did.json',
    })
    expect(response.statusCode).toBe(404)
    expect(response.headers['content-type']).toContain('application/problem+json')
  })

  it('never shows the private key, and stores it only encrypted', async ({ app }) => {
    const admin = await createUser(app, { roles: ['admin'] })
    const rows = await app.db.selectFrom('signingKeys').selectAll().execute()
    expect(rows.length).toBeGreaterThan(0)
    const bodies = await Promise.all(
      [
        { url: '/.well-known/jwks.json' },
        { url: '/.well-known/did.json' },
        { url: '/issuers/skgo/did.json' },
        { url: '/api/v1/signing-keys', headers: bearer(tokenFor(app, admin)) },
      ].map(async (request) => (await app.inject({ method: 'GET', ...request })).body),
    )
    for (const row of rows) {
      expect(row.privateKey).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
      // The private key as it would be without encryption: its JWK `d` and its PKCS8 DER.
      const opened = (await import('./crypto.ts')).openPrivateKey(
        row.privateKey,
        app.credentialSettings.encryptionKey,
        row.kid,
      )
      const d = opened.export({ format: 'jwk' }).d!
      const pkcs8 = opened.export({ format: 'der', type: 'pkcs8' })
      const raw = pkcs8.subarray(-32)
      expect(Buffer.from(d, 'base64url').equals(raw)).toBe(true)
      const stored = JSON.stringify(row)
      for (const secret of [
        d,
        pkcs8.toString('base64'),
        pkcs8.toString('base64url'),
        raw.toString('base64url'),
        raw.toString('hex'),
        pkcs8.toString('hex'),
      ])
        expect(stored).not.toContain(secret)
      for (const body of bodies) {
        expect(body).not.toContain(d)
        expect(body).not.toContain(row.privateKey)
      }
      expect(Object.keys(row.publicJwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x'])
    }
    for (const body of bodies) expect(body).not.toMatch(/"d"\s*:/)
  })
})

/** A second app on the database of `first` (closing it leaves the database to `first`). */
async function anotherApp(handle: DbHandle, overrides: Record<string, string> = {}) {
  return buildApp(testConfig(overrides), { database: { ...handle, close: async () => {} } })
}

describe('start-up', () => {
  // Each builds two or three apps on a fresh database: ample room on a loaded machine.
  const startUpTimeout = 120_000

  it(
    'two instances starting together on one database keep one active key',
    async () => {
      const handle = await openTestDatabase(inject('database'))
      const shared = { ...handle, close: async () => {} }
      const apps = await Promise.all(
        [1, 2, 3].map(() => buildApp(testConfig(), { database: shared })),
      )
      try {
        await Promise.all(apps.map((app) => app.ready()))
        const keys = await handle.db
          .selectFrom('signingKeys')
          .select(['kid', 'retiredAt'])
          .execute()
        expect(keys).toHaveLength(1)
        expect(keys[0]!.retiredAt).toBeNull()
        // All three sign with it.
        for (const app of apps) {
          const signed = await signAchievementCredential(
            app.db,
            sampleInput(),
            app.credentialSettings,
          )
          expect(signed.kid).toBe(keys[0]!.kid)
        }
      } finally {
        await Promise.all(apps.map((app) => app.close()))
        await handle.close()
      }
    },
    startUpTimeout,
  )

  it(
    'stops with a clear message when CREDENTIAL_KEY does not open the stored key',
    async () => {
      const handle = await openTestDatabase(inject('database'))
      const first = await buildApp(testConfig({ CREDENTIAL_KEY: 'a'.repeat(40) }), {
        database: handle,
      })
      try {
        await first.ready()
        const wrong = await anotherApp(handle, { CREDENTIAL_KEY: 'b'.repeat(40) })
        const refused = wrong.ready()
        await expect(refused).rejects.toThrow(
          /CREDENTIAL_KEY does not open the signing key key-\d{8}-[0-9A-Z]{6} stored in the database/,
        )
        // main.ts prints a CredentialKeyError as its one-line message and exits 1.
        await expect(refused).rejects.toBeInstanceOf(CredentialKeyError)
        await wrong.close().catch(() => {})
        // The same key opens it again.
        const same = await anotherApp(handle, { CREDENTIAL_KEY: 'a'.repeat(40) })
        await same.ready()
        await same.close()
        expect(await handle.db.selectFrom('signingKeys').select('kid').execute()).toHaveLength(1)
      } finally {
        await first.close()
      }
    },
    startUpTimeout,
  )

  it(
    'writes the port of the origin as %3A in did:web identifiers',
    async () => {
      const handle = await openTestDatabase(inject('database'))
      const app = await buildApp(testConfig({ ORIGIN: 'https://agora.example.org:8443' }), {
        database: handle,
      })
      try {
        await app.ready()
        const response = await app.inject({ method: 'GET', url: '/.well-known/did.json' })
        expect(response.json()).toMatchObject({ id: 'did:web:agora.example.org%3A8443' })
        const { credential } = await signAchievementCredential(
          app.db,
          sampleInput(),
          app.credentialSettings,
        )
        expect(credential.issuer).toMatchObject({
          id: 'did:web:agora.example.org%3A8443:issuers:skgo',
        })
      } finally {
        await app.close()
      }
    },
    startUpTimeout,
  )
})
