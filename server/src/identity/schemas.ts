import Type, { type Static } from 'typebox'
import {
  EmailSchema,
  LanguageTagSchema,
  PasswordSchema,
  PersonNameSchema,
  PositionSchema,
  RoleSchema,
  TokenSchema,
} from '../http/schemas.ts'

export const TimeZoneSchema = Type.String({ minLength: 1, maxLength: 64 })

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  preferredLanguage: Type.String(),
  timeZone: Type.String(),
  position: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(RoleSchema),
  municipality: Type.Union([
    Type.Object({ id: Type.String(), name: Type.String(), countryCode: Type.String() }),
    Type.Null(),
  ]),
  association: Type.Union([
    Type.Object({
      id: Type.String(),
      slug: Type.String(),
      acronym: Type.String(),
      name: Type.String(),
    }),
    Type.Null(),
  ]),
  createdAt: Type.String({ format: 'date-time' }),
})
export type User = Static<typeof UserSchema>

export const SessionSchema = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'seconds until the access token expires' }),
  user: UserSchema,
})
export type Session = Static<typeof SessionSchema>

export const LoginBody = Type.Object(
  { email: EmailSchema, password: PasswordSchema },
  { additionalProperties: false },
)
export const EmailBody = Type.Object({ email: EmailSchema }, { additionalProperties: false })
export const TokenBody = Type.Object({ token: TokenSchema }, { additionalProperties: false })
export const ResetConfirmBody = Type.Object(
  { token: TokenSchema, password: PasswordSchema },
  { additionalProperties: false },
)
export const RegisterBody = Type.Object(
  {
    email: EmailSchema,
    name: PersonNameSchema,
    password: PasswordSchema,
    preferredLanguage: Type.Optional(LanguageTagSchema),
  },
  { additionalProperties: false },
)
export const SetupBody = Type.Object(
  { email: EmailSchema, name: PersonNameSchema, password: PasswordSchema },
  { additionalProperties: false },
)
export const UpdateMeBody = Type.Object(
  {
    name: Type.Optional(PersonNameSchema),
    preferredLanguage: Type.Optional(LanguageTagSchema),
    timeZone: Type.Optional(TimeZoneSchema),
    position: Type.Optional(Type.Union([PositionSchema, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
)
export const ChangePasswordBody = Type.Object(
  { currentPassword: PasswordSchema, newPassword: PasswordSchema },
  { additionalProperties: false },
)

/** Whether learners may create their own account (GET /auth/registration). */
export const RegistrationStatusSchema = Type.Object({ enabled: Type.Boolean() })
export type RegistrationStatus = Static<typeof RegistrationStatusSchema>

/** Whether a first-admin setup link still works (GET /setup/:token). */
export const SetupLinkSchema = Type.Object({ valid: Type.Boolean() })
export type SetupLink = Static<typeof SetupLinkSchema>
