import Type, { type Static } from 'typebox'
import { PageQuerySchema } from '../http/pagination.ts'
import {
  EmailSchema,
  LanguageTagSchema,
  PasswordSchema,
  PersonNameSchema,
  PositionSchema,
  RoleSchema,
  RolesSchema,
  UuidSchema,
  CsvReportSchema,
} from '../http/schemas.ts'

export const CreateInvitationBody = Type.Object(
  {
    email: EmailSchema,
    name: PersonNameSchema,
    roles: RolesSchema,
    municipalityId: Type.Optional(UuidSchema),
    associationId: Type.Optional(UuidSchema),
    position: Type.Optional(PositionSchema),
    preferredLanguage: Type.Optional(LanguageTagSchema),
  },
  { additionalProperties: false },
)
export type CreateInvitationBody = Static<typeof CreateInvitationBody>

export const InvitationSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(RoleSchema),
  expiresAt: Type.String({ format: 'date-time' }),
  acceptedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type Invitation = Static<typeof InvitationSchema>

export const BulkReportSchema = CsvReportSchema({ email: Type.String() })
export type BulkReport = Static<typeof BulkReportSchema>

export const PublicInvitationSchema = Type.Object({
  email: Type.String(),
  name: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
})
export type PublicInvitation = Static<typeof PublicInvitationSchema>
export const AcceptBody = Type.Object({ password: PasswordSchema }, { additionalProperties: false })
export const ListInvitationsQuery = Type.Object(PageQuerySchema.properties, {
  additionalProperties: false,
})
