// The credentials as JSON (pure): an Open Badges 3.0 OpenBadgeCredential per the W3C Verifiable
// Credentials Data Model 2.0, and a BitstringStatusListCredential (W3C Bitstring Status List v1.0).
import { gzipSync } from 'node:zlib'
import { issuerDid, platformDid } from './did.ts'
import type { AchievementCredentialInput, CredentialJson, StatusListInput } from './service.ts'

export const vcContext = 'https://www.w3.org/ns/credentials/v2'
export const obContext = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
export const obSchemaUrl =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json'

/** The text in `language`, else English, else any (course texts are kept per language). */
function inLanguage(texts: Record<string, string>, language: string): string {
  return texts[language] ?? texts.en ?? Object.values(texts)[0] ?? ''
}

/**
 * The other languages' texts as 1EdTech's localisation example does it (Open Badges 3.0 §
 * Localisation, after the W3C Localization Framework): `localizationData.local.items`, each a
 * JSONPath into the credential and its value per language. The schema's `name`, `description` and
 * `narrative` are plain strings, so they hold the learner's language.
 */
function localisation(
  input: AchievementCredentialInput,
  language: string,
): Record<string, unknown> | undefined {
  const fields: [string, Record<string, string>][] = [
    ['$.name', input.courseTitles],
    ['$.credentialSubject.achievement.name', input.courseTitles],
    ['$.credentialSubject.achievement.description', input.courseDescriptions],
    ['$.credentialSubject.achievement.criteria.narrative', input.criteria],
  ]
  const items = fields
    .map(([select, texts]) => ({
      select,
      apply: Object.entries(texts)
        .filter(([lang, value]) => lang !== language && value !== inLanguage(texts, language))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([lang, value]) => ({ language: lang, value })),
    }))
    .filter((item) => item.apply.length > 0)
  return items.length > 0 ? { local: { items } } : undefined
}

/** The OpenBadgeCredential of a certificate (unsigned: the VC-JWT's payload). */
export function achievementCredential(
  input: AchievementCredentialInput,
  origin: string,
): CredentialJson {
  const language = input.language
  const title = inLanguage(input.courseTitles, language)
  const localizationData = localisation(input, language)
  return {
    '@context': [vcContext, obContext],
    id: `${origin}/verify/${input.code}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {
      id: issuerDid(origin, input.issuer.slug),
      type: ['Profile'],
      name: input.issuer.name,
      ...(input.issuer.url ? { url: input.issuer.url } : {}),
    },
    validFrom: input.issuedAt.toISOString(),
    awardedDate: input.issuedAt.toISOString(),
    name: title,
    credentialSubject: {
      type: ['AchievementSubject'],
      name: input.learnerName,
      // No DID for the learner: OB 3.0 then asks for an identifier; the name, unhashed, is what
      // the certificate shows anyway (and what the verification page answers).
      identifier: [
        {
          type: 'IdentityObject',
          identityType: 'name',
          hashed: false,
          identityHash: input.learnerName,
        },
      ],
      activityEndDate: input.completedAt.toISOString(),
      achievement: {
        id: `${origin}/courses/${encodeURIComponent(input.courseSlug)}`,
        type: ['Achievement'],
        achievementType: 'Course',
        name: title,
        description: inLanguage(input.courseDescriptions, language),
        criteria: { narrative: inLanguage(input.criteria, language) },
        inLanguage: language,
        version: String(input.courseVersionNumber),
      },
    },
    credentialStatus: {
      id: `${input.statusListUrl}#${input.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.statusIndex),
      statusListCredential: input.statusListUrl,
    },
    credentialSchema: [{ id: obSchemaUrl, type: '1EdTechJsonSchemaValidator2019' }],
    ...(localizationData ? { localizationData } : {}),
  }
}

/** Multibase base64url (prefix `u`, no padding) of the GZIP of the bitstring. */
export function encodeStatusList(bits: Uint8Array): string {
  return `u${Buffer.from(gzipSync(bits)).toString('base64url')}`
}

/** The BitstringStatusListCredential of one list, issued by the platform. */
export function statusListCredential(
  input: StatusListInput,
  origin: string,
  now: Date,
): CredentialJson {
  return {
    '@context': [vcContext],
    id: input.listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: platformDid(origin),
    validFrom: now.toISOString(),
    credentialSubject: {
      id: `${input.listUrl}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList: encodeStatusList(input.bits),
    },
  }
}
