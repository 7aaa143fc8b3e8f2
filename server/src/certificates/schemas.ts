// Certificates' request and response schemas (issue 15); their types reach the web through contract.ts.
import Type, { type Static } from 'typebox'
import { PageQuerySchema, PageSchema } from '../http/pagination.ts'
import {
  BoundedInteger,
  LanguageTagSchema,
  LineText,
  PersonNameSchema,
  SlugSchema,
  UserText,
  UuidSchema,
} from '../http/schemas.ts'

export const maxRevocationReasonLength = 500
/** The largest credential the verification takes (a VC-JWT or the JSON this API downloads). */
export const maxCredentialLength = 65_536

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()])
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC)' })
const Instant = Type.String({ format: 'date-time' })

export const CertificateStatusSchema = Type.Enum(['valid', 'revoked', 'replaced'], {
  description: 'replaced: revoked by a re-issue, `replacedBy` names the new code',
})

export const CodeParams = Type.Object({
  code: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'XXXX-XXXX-XXXX; any case, hyphens optional, I and L read as 1, O as 0',
  }),
})

/** A certificate in a list: what it says, as issued. */
export const CertificateSummarySchema = Type.Object({
  code: Type.String(),
  status: CertificateStatusSchema,
  learnerName: nullable(Type.String({ description: 'the name at issue; null after erasure' })),
  courseSlug: SlugSchema,
  courseTitle: Type.String({ description: "in the learner's language at issue" }),
  courseVersion: Type.Integer(),
  completedOn: Day,
  issuedAt: Instant,
  hours: Type.Number({ description: "the modules' minutes in hours, rounded to the half hour" }),
  issuer: Type.Object({ name: Type.String() }),
})
export type CertificateSummary = Static<typeof CertificateSummarySchema>

/** One certificate for its holder, admins and the issuing association's coordinators. */
export const CertificateSchema = Type.Object({
  ...CertificateSummarySchema.properties,
  language: LanguageTagSchema,
  trainers: Type.Array(Type.String()),
  revokedAt: nullable(Instant),
  revokedReason: nullable(Type.String()),
  replacedBy: nullable(Type.String({ description: 'the code of the certificate replacing it' })),
  links: Type.Object({
    pdf: Type.String({ description: 'API path of the PDF' }),
    credential: Type.String({ description: 'API path of the Open Badges credential' }),
    verification: Type.String({ description: 'path of the public verification page' }),
  }),
})
export type Certificate = Static<typeof CertificateSchema>

export const CertificateListSchema = Type.Object({ items: Type.Array(CertificateSchema) })
export type CertificateList = Static<typeof CertificateListSchema>

export const CertificatePageSchema = PageSchema(CertificateSummarySchema)
export type CertificatePage = Static<typeof CertificatePageSchema>

export const ListCertificatesQuery = Type.Object(
  {
    q: Type.Optional(LineText({ minLength: 1, maxLength: 200, description: 'code or name' })),
    association: Type.Optional(
      UuidSchema,
      // Coordinators see their own association's whatever they ask.
    ),
    ...PageQuerySchema.properties,
  },
  { additionalProperties: false },
)
export type ListCertificatesQuery = Static<typeof ListCertificatesQuery>

/** The public verification: the certificate as issued, and nothing else about the person. */
export const CertificateVerificationSchema = Type.Object({
  status: CertificateStatusSchema,
  code: Type.String(),
  learnerName: nullable(Type.String({ description: "null after the person's erasure" })),
  courseTitle: Type.String(),
  courseVersion: Type.Integer(),
  completedOn: Day,
  issuer: Type.Object({ name: Type.String() }),
  hours: Type.Number(),
  revokedAt: Type.Optional(Instant),
  revokedReason: Type.Optional(Type.String()),
  replacedBy: Type.Optional(Type.String({ description: 'the new code' })),
})
export type CertificateVerification = Static<typeof CertificateVerificationSchema>

export const RevocationBody = Type.Object(
  {
    reason: UserText({
      minLength: 1,
      maxLength: maxRevocationReasonLength,
      pattern: '\\S',
      description: 'why; shown on the public verification page',
    }),
  },
  { additionalProperties: false },
)
export type RevocationBody = Static<typeof RevocationBody>

export const ReissueBody = Type.Object(
  { learnerName: PersonNameSchema },
  { additionalProperties: false },
)
export type ReissueBody = Static<typeof ReissueBody>

export const CredentialDownloadSchema = Type.Object({
  jwt: Type.String({ description: 'the VC-JWT (application/vc+jwt)' }),
  credential: Type.Record(Type.String(), Type.Unknown(), {
    description: 'its payload: the OpenBadgeCredential',
  }),
})
export type CredentialDownload = Static<typeof CredentialDownloadSchema>

export const CredentialQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Enum(['json', 'jwt'], { description: 'jwt: the VC-JWT as application/vc+jwt' }),
    ),
  },
  { additionalProperties: false },
)

export const StatusListParams = Type.Object({
  list: BoundedInteger({ minimum: 0, description: 'the list number: status index ÷ 131,072' }),
})

export const CredentialVerificationBody = Type.Object(
  {
    credential: Type.String({
      minLength: 1,
      maxLength: maxCredentialLength,
      description: 'a VC-JWT, or the JSON {jwt, credential} this API downloads',
    }),
  },
  { additionalProperties: false },
)
export type CredentialVerificationBody = Static<typeof CredentialVerificationBody>

export const CredentialVerificationSchema = Type.Object({
  result: Type.Enum(['valid', 'revoked', 'invalid']),
  checks: Type.Object(
    {
      signature: Type.Boolean({ description: 'signed by one of our keys, unaltered' }),
      issuer: Type.Boolean({ description: 'the issuer is a DID this installation serves' }),
      status: Type.Boolean({ description: 'not revoked in its status list' }),
      expiry: Type.Boolean({ description: 'not expired' }),
    },
    { description: 'true: the check passed' },
  ),
  code: Type.Optional(Type.String()),
  learnerName: Type.Optional(nullable(Type.String())),
  courseTitle: Type.Optional(Type.String()),
  completedOn: Type.Optional(Day),
  issuer: Type.Optional(Type.Object({ name: Type.String() })),
})
export type CredentialVerification = Static<typeof CredentialVerificationSchema>
