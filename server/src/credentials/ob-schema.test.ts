// The signed credential against the Open Badges 3.0 AchievementCredential JSON Schema.
//
// The schema is 1EdTech's `ob_v3p0_achievementcredential_schema.json` (JSON Schema 2019-09, the
// VCDM 2.0 edition with `validFrom`), published at
// https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json.
// It was read (not fetched by the test) from a copy of it in a public repository,
// rollercoaster-dev/openbadges-types, schemas/v3/ob_v3p0_achievementcredential_schema.json
// (commit 0e323742acda792f3bef6afffe70926eefce77bd). That file is not vendored here: the schema
// below is its required structure, written out for every object our credential has (the
// credential, Profile, AchievementSubject, IdentityObject, Achievement, Criteria,
// CredentialStatus, CredentialSchema), with the same `required` lists, `type` sets (`contains`),
// `@context` order, enumerations, patterns and formats; the descriptions and the classes we never
// emit (Evidence, Endorsement, Result, Alignment, ...) are left out. One rule the schema only
// states in prose is added: the subject has an `id` or at least one `identifier`.
import { Ajv2019 } from 'ajv/dist/2019.js'
import formats from 'ajv-formats'
import { describe, expect } from 'vitest'
import { it } from '../testing/app.ts'
import {
  type AchievementCredentialInput,
  credentialOfPayload,
  signAchievementCredential,
} from './service.ts'

const typeSet = (...members: string[]) => ({
  type: 'array',
  minItems: 1,
  items: { type: 'string' },
  contains: { enum: members },
})
const extensible = (values: string[]) => ({
  oneOf: [
    { type: 'string', enum: values },
    { type: 'string', pattern: '(ext:)[a-z|A-Z|0-9|.|-|_]+' },
  ],
})
const identifierTypes = [
  'name',
  'sourcedId',
  'systemId',
  'productId',
  'userName',
  'accountId',
  'emailAddress',
  'nationalIdentityNumber',
  'isbn',
  'issn',
  'lisSourcedId',
  'oneRosterSourcedId',
  'sisSourcedId',
  'ltiContextId',
  'ltiDeploymentId',
  'ltiToolId',
  'ltiPlatformId',
  'ltiUserId',
  'identifier',
]
const achievementTypes = [
  'Achievement',
  'ApprenticeshipCertificate',
  'Assessment',
  'Assignment',
  'AssociateDegree',
  'Award',
  'Badge',
  'BachelorDegree',
  'Certificate',
  'CertificateOfCompletion',
  'Certification',
  'CommunityService',
  'Competency',
  'Course',
  'CoCurricular',
  'Degree',
  'Diploma',
  'DoctoralDegree',
  'Fieldwork',
  'GeneralEducationDevelopment',
  'JourneymanCertificate',
  'LearningProgram',
  'License',
  'Membership',
  'ProfessionalDoctorate',
  'QualityAssuranceCredential',
  'MasterCertificate',
  'MasterDegree',
  'MicroCredential',
  'ResearchDoctorate',
  'SecondarySchoolDiploma',
]
const dateTime = { type: 'string', format: 'date-time' }
const languageCode = {
  type: 'string',
  pattern: '^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$',
}

const achievementCredentialSchema = {
  $schema: 'https://json-schema.org/draft/2019-09/schema',
  $id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
  type: 'object',
  properties: {
    '@context': {
      type: 'array',
      minItems: 2,
      items: [
        { enum: ['https://www.w3.org/ns/credentials/v2'] },
        {
          type: 'string',
          pattern:
            '^https:\\/\\/purl\\.imsglobal\\.org\\/spec\\/ob\\/v3p0\\/context(-3\\.\\d\\.\\d)*\\.json$',
        },
      ],
      additionalItems: { $ref: '#/$defs/Context' },
    },
    id: { type: 'string' },
    type: {
      allOf: [
        typeSet('VerifiableCredential'),
        typeSet('AchievementCredential', 'OpenBadgeCredential'),
      ],
    },
    name: { type: 'string' },
    description: { type: 'string' },
    awardedDate: dateTime,
    credentialSubject: { $ref: '#/$defs/AchievementSubject' },
    issuer: { $ref: '#/$defs/ProfileRef' },
    validFrom: dateTime,
    validUntil: dateTime,
    credentialSchema: { type: 'array', items: { $ref: '#/$defs/CredentialSchema' } },
    credentialStatus: { $ref: '#/$defs/CredentialStatus' },
  },
  required: ['@context', 'id', 'type', 'credentialSubject', 'issuer', 'validFrom'],
  additionalProperties: true,
  $defs: {
    Context: { oneOf: [{ type: 'string' }, { type: 'object' }] },
    CredentialStatus: {
      type: 'object',
      properties: { id: { type: 'string' }, type: { type: 'string' } },
      required: ['id', 'type'],
      additionalProperties: true,
    },
    CredentialSchema: {
      type: 'object',
      properties: { id: { type: 'string' }, type: { type: 'string' } },
      required: ['id', 'type'],
      additionalProperties: true,
    },
    AchievementSubject: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        type: typeSet('AchievementSubject'),
        activityEndDate: dateTime,
        activityStartDate: dateTime,
        achievement: { $ref: '#/$defs/Achievement' },
        identifier: { type: 'array', items: { $ref: '#/$defs/IdentityObject' } },
      },
      required: ['type', 'achievement'],
      // In the schema's prose: "Either `id` or at least one `identifier` MUST be supplied".
      anyOf: [
        { required: ['id'] },
        { required: ['identifier'], properties: { identifier: { type: 'array', minItems: 1 } } },
      ],
      additionalProperties: true,
    },
    IdentityObject: {
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['IdentityObject'] },
        hashed: { type: 'boolean' },
        identityHash: { type: 'string' },
        identityType: extensible(identifierTypes),
        salt: { type: 'string' },
      },
      required: ['type', 'hashed', 'identityHash', 'identityType'],
      additionalProperties: false,
    },
    Achievement: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        type: typeSet('Achievement'),
        achievementType: extensible(achievementTypes),
        creditsAvailable: { type: 'number' },
        criteria: { $ref: '#/$defs/Criteria' },
        description: { type: 'string' },
        humanCode: { type: 'string' },
        inLanguage: languageCode,
        name: { type: 'string' },
        version: { type: 'string' },
        tag: { type: 'array', items: { type: 'string' } },
      },
      required: ['id', 'type', 'criteria', 'description', 'name'],
      additionalProperties: true,
    },
    Criteria: {
      type: 'object',
      properties: { id: { type: 'string' }, narrative: { type: 'string' } },
      additionalProperties: true,
    },
    ProfileRef: { oneOf: [{ type: 'string' }, { $ref: '#/$defs/Profile' }] },
    Profile: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        type: typeSet('Profile'),
        name: { type: 'string' },
        url: { type: 'string' },
        description: { type: 'string' },
        email: { type: 'string' },
      },
      required: ['id', 'type'],
      additionalProperties: true,
    },
  },
}

const ajv = new Ajv2019({
  allErrors: true,
  strict: true,
  strictTuples: false,
  strictRequired: false,
})
// ajv-formats is CommonJS (module.exports and exports.default are the plugin): NodeNext types the
// default import as the module, so its `default` is the plugin.
formats.default(ajv)
const validate = ajv.compile(achievementCredentialSchema)
const errorsOf = (value: unknown) =>
  validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)

const input = (
  overrides: Partial<AchievementCredentialInput> = {},
): AchievementCredentialInput => ({
  certificateId: '5f1c2b8e-0d4a-4f7e-8c1b-3a9e6d2f7b40',
  code: 'ABCD-EFGH-JKMN',
  learnerName: 'Марија Јовановић',
  language: 'en',
  courseSlug: 'civic-basics',
  courseTitles: { en: 'Civic basics', mk: 'Основи на граѓанството' },
  courseDescriptions: { en: 'Rights and duties.', mk: 'Права и должности.' },
  criteria: { en: 'Every module completed.', mk: 'Сите модули завршени.' },
  courseVersionNumber: 1,
  hours: 2,
  completedAt: new Date('2026-11-30T10:00:00Z'),
  issuedAt: new Date('2026-11-30T10:00:05Z'),
  issuer: { slug: 'zels', name: 'ZELS', url: 'https://zels.org.mk' },
  statusIndex: 0,
  statusListUrl: 'http://localhost:3000/api/v1/credentials/status/0',
  ...overrides,
})

describe('Open Badges 3.0 AchievementCredential schema', () => {
  it('validates the credentials we sign: association and platform issuer, every learner language', async ({
    app,
  }) => {
    for (const overrides of [
      {},
      { issuer: { slug: null, name: 'Agora' } },
      { language: 'mk' },
      { language: 'sr-Latn', courseTitles: { 'sr-Latn': 'Osnove' } },
    ]) {
      const { jwt, credential } = await signAchievementCredential(
        app.db,
        input(overrides),
        app.credentialSettings,
      )
      expect(errorsOf(credential), JSON.stringify(overrides)).toEqual([])
      // The VC-JWT's payload as a verifier decodes it, registered claims included.
      const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'))
      expect(errorsOf(payload)).toEqual([])
      expect(credentialOfPayload(payload)).toEqual(credential)
    }
  })

  it('refuses what the schema requires us not to omit', async ({ app }) => {
    const { credential } = await signAchievementCredential(app.db, input(), app.credentialSettings)
    /** The errors of the credential with the value at `path` replaced (or removed: undefined). */
    const broken = (path: string[], value?: unknown) => {
      const copy = structuredClone(credential)
      let parent = copy as Record<string, unknown>
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>
      if (value === undefined) delete parent[path.at(-1)!]
      else parent[path.at(-1)!] = value
      return errorsOf(copy)
    }
    expect(broken(['validFrom'])).toContain(" must have required property 'validFrom'")
    expect(broken(['@context'], ['https://www.w3.org/2018/credentials/v1'])).not.toEqual([])
    expect(broken(['type'], ['VerifiableCredential'])).not.toEqual([])
    expect(broken(['credentialSubject', 'achievement', 'criteria'])).toContain(
      "/credentialSubject/achievement must have required property 'criteria'",
    )
    expect(broken(['credentialSubject', 'identifier'])).not.toEqual([])
    expect(broken(['credentialSubject', 'achievement', 'inLanguage'], 'sr_latn')).not.toEqual([])
    expect(broken(['issuer', 'type'], ['Issuer'])).not.toEqual([])
  })
})
